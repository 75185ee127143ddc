# Rebuilt from: https://github.com/luigibonati/mlcolvar/issues/33
# Report: The library's MSE_loss took a precomputed `diff` (plus optional reweighting weights) instead of
#   (y, y_ref); nothing checked that the CV output and the reference labels had the same shape. The
#   maintainers changed the signature to (input, target, weights) and enforced a shape check.
# Fixed twin of 148_cv_weighted_mse.py: MSE_loss(input, target, weights) reshapes target to the input's shape
#   before subtracting (the signature change and shape check of the maintainers' fix)
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)


def load_data(n=600):
    # interatomic distances (nm) of a small molecule and a reference CV value per frame
    d = np.random.uniform(0.25, 0.65, size=(n, 6)).astype(np.float32)
    cv = 3.0 * np.tanh(8 * (d[:, 0] - d[:, 1])) + 2.0 * (d[:, 2] - 0.45) * 10 - d[:, 3] * d[:, 4] * 5
    bias = np.random.uniform(0, 4, size=n)              # kJ/mol, from an enhanced-sampling run
    w = np.exp(bias / 2.494).astype(np.float32)          # beta = 1/kT at 300 K
    return d, cv.astype(np.float32), w / w.mean()


class FramesDataset(Dataset):
    def __init__(self, d, cv, w):
        self.x = torch.tensor((d - d.mean(0)) / d.std(0))
        self.y = torch.tensor(cv)
        self.w = torch.tensor(w)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return {"data": self.x[i], "labels": self.y[i], "weights": self.w[i]}


def MSE_loss(input, target, weights=None):
    if target.shape != input.shape:
        target = target.reshape(input.shape)
    diff = input - target
    if weights is None:
        return torch.mean(diff ** 2)
    return torch.sum(weights.unsqueeze(1) * diff ** 2) / torch.sum(weights)


class RegressionCV(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.nn = nn.Sequential(nn.Linear(n_in, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))

    def forward(self, x):
        return self.nn(x)

    def training_step(self, batch):
        y = self(batch["data"])
        return MSE_loss(y, batch["labels"], batch["weights"])


d, cv, w = load_data()
ds = FramesDataset(d, cv, w)
loader = DataLoader(ds, batch_size=64, shuffle=True)
model = RegressionCV(6)
opt = torch.optim.Adam(model.parameters(), lr=2e-3)

for epoch in range(60):
    for batch in loader:
        opt.zero_grad()
        loss = model.training_step(batch)
        loss.backward()
        opt.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch}  loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(ds.x).reshape(-1)
r2 = 1 - ((pred - ds.y) ** 2).mean() / ds.y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
