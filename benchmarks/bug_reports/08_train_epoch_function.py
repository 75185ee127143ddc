# Rebuilt from: https://github.com/pytorch/pytorch/issues/16045
# Report: "fail to throw error when computing loss between tensors with shapes
#   [n, 1] and [n]": a generic train_epoch(model, dl, opt, loss_func) helper (as
#   in fastai) trains on a DataLoader whose targets are (N,) while the model
#   returns (N, 1).
# Bug (planted: TL001): the targets given to TensorDataset are 1-D, so every batch
#   reaches loss_func as (64, 1) against (64,) and broadcasts to (64, 64).
# Our own code, written after the report (not copied from it).
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


def train_epoch(model, dl, opt, loss_func):
    model.train()
    for xb, yb in dl:
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()


rng = np.random.default_rng(1)
X = rng.normal(size=(512, 5))
y = X @ np.array([1.0, -2.0, 0.5, 0.0, 3.0]) + rng.normal(0.0, 0.1, size=512)

ds = TensorDataset(torch.from_numpy(X).float(), torch.from_numpy(y).float())
dl = DataLoader(ds, batch_size=64, shuffle=True)

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(5, 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.05)
for epoch in range(30):
    train_epoch(model, dl, opt, nn.MSELoss())

with torch.no_grad():
    inputs, targets = ds.tensors
    pred = model(inputs).reshape(-1)
    r2 = 1 - ((pred - targets.reshape(-1)) ** 2).mean() / targets.reshape(-1).var()
print(f"RESULT r2={r2.item():.3f}")
