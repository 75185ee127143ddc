# Rebuilt from: https://github.com/pytorch/pytorch/issues/19991
# Report: With a one-dimensional regression target, y must have shape (batch_size, 1), not (batch_size,);
#         with the flat target the default behaviour is "very misleading": training runs, no error,
#         but the fit is bad. Maintainer: that is broadcasting; v1.1 adds a UserWarning in the loss.
# Bug (planted: TL001): the target tensor is built from df["SalePrice"].values -> shape (N,), batches are (B,),
#         while the model outputs (B, 1); nn.MSELoss broadcasts them to (B, B) inside train().
# Our own code, written after the report (not copied from it); data: houses.csv from make_houses.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
np.random.seed(0)


def load_data(path="houses_kagd.csv"):
    df = pd.read_csv(path)
    df["GarageCars"] = df["GarageCars"].fillna(0)
    df["HouseAge"] = 2010 - df["YearBuilt"]
    df = pd.get_dummies(df.drop(columns=["Id", "YearBuilt"]), columns=["Neighborhood"], dtype=float)
    y = np.log1p(df.pop("SalePrice").values)
    return df.values.astype(np.float32), y.astype(np.float32)


X, y = load_data()
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=42)
scaler = StandardScaler().fit(X_train)
X_train = scaler.transform(X_train).astype(np.float32)
y_mean, y_std = y_train.mean(), y_train.std()

train_ds = TensorDataset(torch.from_numpy(X_train), torch.from_numpy((y_train - y_mean) / y_std))
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(X_train.shape[1], 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))


def train(model, loader, epochs=60, lr=1e-3):
    criterion = nn.MSELoss()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        total = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            pred = model(xb)
            loss = criterion(pred, yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(xb)
        if epoch % 20 == 0:
            print(f"epoch {epoch:3d} train mse {total / len(loader.dataset):.4f}")


train(model, train_loader)

with torch.no_grad():
    Xt = torch.from_numpy(X_train)
    yt = torch.from_numpy((y_train - y_mean) / y_std).view(-1, 1)
    pred = model(Xt)
    r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
