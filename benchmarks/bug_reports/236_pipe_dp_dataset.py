# Rebuilt from: https://fedorkobak.github.io/python/torch/tensor/dimentionality/squeeze.html
# Report: Blog note ("Practical case"): a regression net ends in Linear(D, 1) and returns [n, 1], while the
#   target kept from the data is a plain vector [n]; the loss still runs, but the model learns badly
#   until the extra dimension is squeezed away.
# Bug (planted: TL001): the Dataset returns the pressure drop as a 0-d numpy scalar, so the DataLoader
#   batch is y of shape (B,), and nn.MSELoss(model(x) -> (B, 1), y -> (B,)) broadcasts to (B, B).
# Our own code, written after the report (not copied from it); synthetic Darcy-Weisbach pipe-flow data.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(3)
np.random.seed(3)
torch.set_num_threads(1)

RHO = 998.0   # kg/m^3, water


def load_data(n=600):
    v = np.random.uniform(0.3, 3.0, n)            # mean velocity, m/s
    d = np.random.uniform(0.02, 0.15, n)          # pipe diameter, m
    length = np.random.uniform(5.0, 120.0, n)     # pipe length, m
    rough = np.random.uniform(1e-5, 5e-4, n)      # roughness, m
    re = RHO * v * d / 1.0e-3
    f = 0.25 / np.log10(rough / (3.7 * d) + 5.74 / re ** 0.9) ** 2   # Swamee-Jain
    dp = f * length / d * RHO * v ** 2 / 2        # Pa
    feats = np.column_stack([v, d, length, rough * 1e3])
    target = np.log10(dp)                         # fit log10(dp / Pa)
    return feats.astype(np.float32), target.astype(np.float32)


class PipeDataset(Dataset):
    def __init__(self, X, y):
        self.X = (X - X.mean(0)) / X.std(0)
        self.y = (y - y.mean()) / y.std()

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.X[i], self.y[i]          # y[i] is a numpy float32 scalar


X, y = load_data()
ds = PipeDataset(X, y)
loader = DataLoader(ds, batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(60):
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        out = model(xb)
        loss = criterion(out, yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    if epoch % 15 == 0:
        print(f"epoch {epoch}: train loss {total / len(ds):.4f}")

with torch.no_grad():
    Xt = torch.from_numpy(ds.X)
    yt = torch.from_numpy(ds.y).view(-1, 1)
    pred = model(Xt)
    r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
