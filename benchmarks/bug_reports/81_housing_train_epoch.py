# Rebuilt from: https://github.com/fastai/fastai/issues/1863
# Report: Using nn.MSELoss() as the loss of a plain regression learner "does not work": the generic
#   train_epoch(model, dl, opt, loss_func) loop runs `for xb, yb in dl: loss_func(model(xb), yb)`,
#   the model returns (N, 1) while the DataLoader yields targets of shape (N,), and the fit is poor.
# Bug (planted: TL001): in train_epoch, nn.MSELoss() compares model(xb) of shape (bs, 1) with yb of
#   shape (bs,) -> broadcast to (bs, bs); the net learns the batch mean of the house value.
# Our own code, written after the report (not copied from it); data: california_housing.csv
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)

df = pd.read_csv("california_housing.csv")
df = pd.get_dummies(df, columns=["ocean_proximity"], dtype=float)
y = (df.pop("median_house_value") / 100000.0).values.astype(np.float32)  # in $100k like sklearn
num_cols = ["longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms",
            "population", "households", "median_income"]
X_train, X_valid, y_train, y_valid = train_test_split(df, y, test_size=0.2, random_state=42)
scaler = StandardScaler()
X_train = X_train.copy(); X_valid = X_valid.copy()
X_train[num_cols] = scaler.fit_transform(X_train[num_cols])
X_valid[num_cols] = scaler.transform(X_valid[num_cols])

x_tr = torch.tensor(X_train.values, dtype=torch.float32)
x_va = torch.tensor(X_valid.values, dtype=torch.float32)
y_tr = torch.tensor(y_train)
y_va = torch.tensor(y_valid)
train_dl = DataLoader(TensorDataset(x_tr, y_tr), batch_size=32, shuffle=True)
valid_dl = DataLoader(TensorDataset(x_va, y_va), batch_size=64)

model = nn.Sequential(nn.Linear(x_tr.shape[1], 64), nn.ReLU(), nn.Linear(64, 1))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_func = nn.MSELoss()


def train_epoch(model, dl, opt, loss_func):
    "Simple training of `model` for 1 epoch of `dl`."
    model.train()
    for xb, yb in dl:
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()


def validate(model, dl, loss_func):
    model.eval()
    with torch.no_grad():
        losses = [loss_func(model(xb), yb).item() * len(xb) for xb, yb in dl]
    return sum(losses) / len(dl.dataset)


for epoch in range(40):
    train_epoch(model, train_dl, opt, loss_func)
    if epoch % 20 == 0:
        print(f"epoch {epoch} valid loss {validate(model, valid_dl, loss_func):.4f}")

with torch.no_grad():
    pred = model(x_tr).view(-1)
r2 = 1 - ((pred - y_tr) ** 2).mean() / y_tr.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
