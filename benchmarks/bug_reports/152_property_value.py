# Rebuilt from: https://github.com/BrainJS/brain.js/issues/360
# Report: A network meant to estimate the value of multifamily properties from yearBuilt,
#   rentControlled, grossIncome, sqft, totUnits, city, transfer date... "The error value during
#   training never goes down. After training the output value is always 1."
# Bug (planted: TL002): the engineered feature frame (grossIncome ~1e5, sqft ~1e4, yearBuilt ~2000,
#   transfer year ~2017 next to 0/1 dummies) is turned into tensors without any scaling, so SGD
#   with momentum diverges to nan.
# Our own code, written after the report (not copied from it); data: properties.csv from make_properties.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

np.random.seed(0)
torch.manual_seed(0)


def load_data(path="properties.csv"):
    df = pd.read_csv(path)
    dates = pd.to_datetime(df["transferDate"])
    df["transferYear"] = dates.dt.year
    df["transferDoy"] = dates.dt.dayofyear
    df["rentControlled"] = df["rentControlled"].astype(int)
    df = pd.get_dummies(df, columns=["city"], dtype=float)
    y = df.pop("dttAmount").values / 1e6                       # price in millions
    X = df.drop(columns=["id", "street", "transferDate"])
    return X, y


class Trainer:
    def __init__(self, model, lr=1e-3, epochs=40):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        self.loss_fn = nn.MSELoss()
        self.epochs = epochs

    def fit(self, loader):
        for epoch in range(self.epochs):
            running = 0.0
            for xb, yb in loader:
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(xb), yb)
                loss.backward()
                self.opt.step()
                running += loss.item()
            if epoch % 20 == 0:
                print(f"epoch {epoch}: loss {running / len(loader):.4f}")


X, y = load_data()
features = torch.tensor(X.values.astype(np.float32))
target = torch.tensor(y, dtype=torch.float32).view(-1, 1)
loader = DataLoader(TensorDataset(features, target), batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(features.shape[1], 16), nn.ReLU(), nn.Linear(16, 1))
Trainer(model).fit(loader)

with torch.no_grad():
    pred = model(features)
    r2 = 1 - torch.mean((pred - target) ** 2) / torch.var(target, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
