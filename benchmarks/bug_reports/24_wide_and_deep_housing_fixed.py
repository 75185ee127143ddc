# Fixed twin of 24_wide_and_deep_housing.py: StandardScaler, as the PR does.
# Rebuilt from: https://github.com/ageron/handson-ml3/pull/20
# Report: "the wide and deep example is using non-normalized inputs which leads to
#   performance degradation" (California housing); the PR adds normalization.
# The bug (TL002) of its twin, fixed here: a wide-and-deep regressor takes two overlapping column
#   slices of the raw housing table: median income ~4, population ~1,400,
#   latitude ~35, longitude ~-119.
# Our own code, written after the report (not copied from it); housing.csv is a
# small made-up table beside this script.
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler

housing = pd.read_csv("housing.csv")
X_train = housing.drop(columns=["MedHouseVal"]).values
X_train = StandardScaler().fit_transform(X_train)
y_train = housing["MedHouseVal"].values

X_train = torch.tensor(X_train, dtype=torch.float32)
y_train = torch.tensor(y_train, dtype=torch.float32).reshape(-1, 1)


class WideAndDeep(nn.Module):
    def __init__(self, n_wide=5, n_deep=6):
        super().__init__()
        self.deep = nn.Sequential(nn.Linear(n_deep, 30), nn.ReLU(), nn.Linear(30, 30), nn.ReLU())
        self.output = nn.Linear(n_wide + 30, 1)

    def forward(self, x_wide, x_deep):
        return self.output(torch.cat([x_wide, self.deep(x_deep)], dim=1))


torch.manual_seed(0)
model = WideAndDeep()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
criterion = nn.MSELoss()
for epoch in range(20):
    for i in range(0, len(X_train), 32):
        batch = X_train[i:i + 32]
        optimizer.zero_grad()
        pred = model(batch[:, :5], batch[:, 2:])
        loss = criterion(pred, y_train[i:i + 32])
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = model(X_train[:, :5], X_train[:, 2:])
    r2 = 1 - ((pred - y_train) ** 2).mean() / y_train.var()
print(f"RESULT r2={r2.item():.3f}")
