# Rebuilt from: https://stats.stackexchange.com/questions/217703/can-a-deep-neural-network-approximate-multiplication-function
# Report: regression of f = x * y with a plain fully-connected net; "without normalization NN was unable
#   to approximate even this simple multiplication". Answer: the big target/gradients push the hidden
#   units into a dead state; divide everything by a constant before learning and multiply back after.
# Bug (planted: TL002): x, y drawn in 0..1000 and f up to 1e6 are fed to the net as they are.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)


def make_data(n=2000, seed=0):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 1000, size=(n, 2))
    f = xy[:, 0] * xy[:, 1]
    return xy.astype(np.float32), f.astype(np.float32).reshape(-1, 1)


def build_model():
    return nn.Sequential(nn.Linear(2, 64), nn.ReLU(),
                         nn.Linear(64, 64), nn.ReLU(),
                         nn.Linear(64, 1))


X, F_true = make_data()
X_in = torch.from_numpy(X)
F_in = torch.from_numpy(F_true)

model = build_model()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
for epoch in range(300):
    perm = torch.randperm(len(X_in))
    for i in range(0, len(X_in), 200):
        idx = perm[i:i + 200]
        opt.zero_grad()
        loss = loss_fn(model(X_in[idx]), F_in[idx])
        loss.backward()
        opt.step()
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss.item():.4g}")

with torch.no_grad():
    pred = model(X_in)
y = torch.from_numpy(F_true)
r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
