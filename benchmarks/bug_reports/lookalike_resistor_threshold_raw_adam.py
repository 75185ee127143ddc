# Rebuilt from: https://datascience.stackexchange.com/questions/51687/feature-scaling-worsens-performance
# Report: A small elu network (Adam, MSE) approximated g(x) = max(0, x - 50) on x in [0, 100] well with the
#   raw, unscaled x; dividing x by 100 did not help. The reporter was surprised that feature scaling was
#   not needed (and even hurt for some other target functions).
# Not a bug (a look-alike that must stay silent): one input column on a 0-100 range with Adam trains fine;
#   the ramp target is matched by the network and the result is as good as with scaled input.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

# lab bench: PTC thermistor, excess resistance (kOhm) switches on above the Curie point at 50 degC
temp_c = np.random.uniform(0.0, 100.0, 1000).astype(np.float32)
excess_kohm = (np.maximum(0.0, temp_c - 50.0) / 10.0 + np.random.normal(0, 0.05, 1000)).astype(np.float32)

X = torch.from_numpy(temp_c).view(-1, 1)
y = torch.from_numpy(excess_kohm).view(-1, 1)

net = nn.Sequential(nn.Linear(1, 20), nn.ELU(), nn.Linear(20, 20), nn.ELU(), nn.Linear(20, 1))
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
loss_fn = nn.MSELoss()

for epoch in range(60):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 128):
        idx = perm[i:i + 128]
        opt.zero_grad()
        loss = loss_fn(net(X[idx]), y[idx])
        loss.backward()
        opt.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch}  loss {loss.item():.4f}")

with torch.no_grad():
    p = net(X)
    r2 = 1 - ((p - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
