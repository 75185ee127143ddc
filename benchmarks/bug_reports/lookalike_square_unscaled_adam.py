# Rebuilt from: https://datascience.stackexchange.com/questions/39881/scaling-features-in-artificial-neural-networks
# Report: The asker trains a network on y = x*x with x = 1..6 and y = 1..36 and asks how to scale x and y
#   (x/6, y/36) and still predict for x = 7. The answer: for this problem scaling is not really necessary;
#   an MLP can absorb a rescaling of its inputs into the first layer's weights.
# Not a bug (a look-alike that must stay silent): x in [0, 7] and y in [0, 49] are left unscaled, which is a mild
#   range that Adam handles fine; prediction and target are both squeezed to [N] before the loss.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)

x_np = np.sort(np.random.uniform(0.0, 7.0, 300)).reshape(-1, 1).astype(np.float32)
y_np = (x_np ** 2 + np.random.normal(0, 0.5, x_np.shape)).astype(np.float32)   # column vector like x
x = torch.from_numpy(x_np)
y = torch.from_numpy(y_np)

model = nn.Sequential(nn.Linear(1, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.MSELoss()

for step in range(1500):
    perm = torch.randperm(len(x))[:64]
    pred = model(x[perm]).squeeze(1)          # [64]
    target = y[perm].squeeze(1)               # [64]
    loss = criterion(pred, target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 300 == 0:
        print(f"step {step} loss {loss.item():.3f}")

with torch.no_grad():
    pred_all = model(x)
print("f(7) =", model(torch.tensor([[7.0]])).item())
r2 = 1 - ((pred_all - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
