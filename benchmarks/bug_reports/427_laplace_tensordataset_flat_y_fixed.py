# Rebuilt from: https://github.com/aleximmer/Laplace/pull/240
# Report: "Transform y into 2D tensor when y.ndim == 1 and likelihood == REGRESSION": users' data loaders hand
#   regression targets of shape (B,) to a model whose output is (B, 1); the maintainers note that a model trained
#   that way "might have been trained the wrong way because the standard MSELoss also assumes that y and out have
#   the same dimensionality".
# Fixed twin of 427_laplace_tensordataset_flat_y.py: the targets go into the TensorDataset as a column
#   (y_train.unsqueeze(-1)), so every batch yields y of shape (32, 1) like the network's output.
# Our own code, written after the report (not copied from it); data: hull_resistance.csv written beside it
import csv
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

np.random.seed(27)
torch.manual_seed(27)
torch.set_num_threads(1)

CSV = "hull_resistance.csv"
COLUMNS = ["buoyancy", "prismatic", "length_disp", "beam_draught", "length_beam", "froude", "resistance"]


def tow_tank(path, n=1500):
    rng = np.random.default_rng(27)
    rows = []
    for _ in range(n):
        b, p, ld, bd, lb, fr = rng.uniform(-1, 1, 6)
        res = 2.0 * np.exp(1.6 * fr) - 1.5 + 0.4 * b - 0.3 * p * fr + 0.2 * ld + rng.normal(0, 0.08)
        rows.append([b, p, ld, bd, lb, fr, res])
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows([[f"{v:.5f}" for v in r] for r in rows])


if not os.path.exists(CSV):
    tow_tank(CSV)

with open(CSV) as f:
    reader = csv.DictReader(f)
    table = [[float(r[c]) for c in COLUMNS] for r in reader]
table = torch.tensor(table, dtype=torch.float32)

X = table[:, :6]
y = table[:, 6]
X_train, y_train, X_test, y_test = X[:1200], y[:1200], X[1200:], y[1200:]

train_loader = DataLoader(TensorDataset(X_train, y_train.unsqueeze(-1)), batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(6, 50), nn.Tanh(), nn.Linear(50, 50), nn.Tanh(), nn.Linear(50, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

for epoch in range(40):
    for xb, yb in train_loader:
        loss = F.mse_loss(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X_test).view(-1)
target = y_test.view(-1)
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
