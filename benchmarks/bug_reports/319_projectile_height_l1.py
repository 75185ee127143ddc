# Rebuilt from: https://github.com/pytorch/pytorch/pull/18565
# Report: L1Loss / SmoothL1Loss silently broadcast a (N,1) prediction against a (N,) target (at the time
#   without the warning MSELoss already gave), so people training regressions with L1 got a wrong loss and
#   models that only fit a central value; the PR adds the size-mismatch warning to the L1 losses.
# Bug (planted: TL001): targets are built from a list comprehension -> shape (N,), the net outputs (N,1);
#   nn.L1Loss(pred, yb) broadcasts to (B,B) in the training loop.
# Our own code, written after the report (not copied from it); data file launches.txt from make_launches.py
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

# --- read the measurements by hand -------------------------------------------
rows = []
for line in open("launches.txt").readlines()[1:]:
    parts = line.strip().split(',')
    if len(parts) != 3:
        continue
    rows.append([float(p) for p in parts])

X = torch.tensor([[r[0], r[1]] for r in rows], dtype=torch.float32)
y = torch.tensor([r[2] for r in rows], dtype=torch.float32)      # heights in meters

# standardize the two inputs (speed, angle)
X = (X - X.mean(0)) / X.std(0)

model = nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))
criterion = nn.L1Loss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

n = X.shape[0]
batch_size = 32
for epoch in range(30):
    perm = torch.randperm(n)
    total = 0.0
    for i in range(0, n, batch_size):
        idx = perm[i:i + batch_size]
        xb, yb = X[idx], y[idx]
        pred = model(xb)
        loss = criterion(pred, yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    if epoch % 10 == 0:
        print("epoch %d  L1 %.3f" % (epoch, total / n))

with torch.no_grad():
    p = model(X).view(-1)
    yt = y.view(-1)
    r2 = 1 - ((p - yt) ** 2).mean() / yt.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
