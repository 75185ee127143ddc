# Rebuilt from: https://github.com/harthur/brain/issues/77
# Report: A network trained on used-car listings (year of fabrication, mileage, type, model -> price) returns
#         NaN when predicting the price of another car. Answers: one-hot encode type/model, and the input
#         values must be normalized into [-1, 1] first.
# Bug (planted: TL002): the categorical columns are one-hot encoded, but year (~2010) and mileage (~1e5)
#         go into the sigmoid MLP raw (SGD); the hidden units saturate and every car gets the same price.
# Our own code, written after the report (not copied from it); data: used_cars.csv from make_used_cars.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(3)
np.random.seed(3)

NUMERIC = ["year", "mileage", "engine_cc"]


def prepare(df):
    df = pd.get_dummies(df, columns=["type", "make"], dtype=float)
    target = df.pop("price") / 1000.0          # price in thousands
    return df, target


class CarDataset(Dataset):
    def __init__(self, features, target):
        self.X = features.values.astype(np.float32)
        self.y = target.values.astype(np.float32)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return torch.from_numpy(self.X[i]), torch.tensor([self.y[i]])


df = pd.read_csv("used_cars.csv")
features, target = prepare(df)
ds = CarDataset(features, target)
loader = DataLoader(ds, batch_size=25, shuffle=True)

model = nn.Sequential(nn.Linear(features.shape[1], 24), nn.Sigmoid(), nn.Linear(24, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

for epoch in range(120):
    running = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        running += loss.item()
    if epoch % 40 == 0:
        print(f"epoch {epoch} loss {running / len(loader):.3f}")

with torch.no_grad():
    X_all = torch.from_numpy(ds.X)
    y_all = torch.from_numpy(ds.y).view(-1, 1)
    pred = model(X_all)
    r2 = 1 - ((pred - y_all) ** 2).mean() / y_all.var(unbiased=False)
print("sample prediction (k$):", pred[:3].view(-1).tolist())
print(f"RESULT r2={r2.item():.3f}")
