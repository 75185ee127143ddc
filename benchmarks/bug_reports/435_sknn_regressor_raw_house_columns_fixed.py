# Rebuilt from: https://github.com/aigamedev/scikit-neuralnetwork/issues/207
# Report: "Training diverged and returned NaN.": an sknn (Lasagne) Regressor fitted with nn.fit(X_train,
#   y_train) on the reporter's table stops with RuntimeError "Training diverged and returned NaN."; the
#   maintainer answers that the error message suggests how to fix it and that the reporter's "setup choice
#   caused it to blow up"; the thread does not show the data, and we rebuild the usual such setup, raw columns.
# Fixed twin of 435_sknn_regressor_raw_house_columns.py: each column is standardized with the training rows'
#   mean and standard deviation before it reaches the MLP.
# Our own code, written after the report (not copied from it); data: house_table.csv written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(35)
torch.manual_seed(35)
torch.set_num_threads(1)

CSV = "house_table.csv"


def list_houses(path, n=2000):
    rng = np.random.default_rng(35)
    area = rng.uniform(500, 4000, n)
    lot = rng.uniform(1000, 20000, n)
    year = rng.integers(1900, 2016, n).astype(float)
    rooms = rng.integers(1, 9, n).astype(float)
    price = (0.9 * (area - 2250) / 1000 + 0.3 * (lot - 10500) / 5500 + 0.5 * (year - 1957) / 33
             + 0.2 * (rooms - 4.5) / 2.3 + 0.3 * np.tanh((area - 2250) / 800) * (year - 1957) / 33
             + rng.normal(0, 0.1, n))
    np.savetxt(path, np.column_stack([area, lot, year, rooms, price]), delimiter=",", fmt="%.3f",
               header="area_sqft,lot_sqft,year_built,rooms,price_z", comments="")


if not os.path.exists(CSV):
    list_houses(CSV)

table = np.genfromtxt(CSV, delimiter=",", names=True)
X = np.column_stack([table["area_sqft"], table["lot_sqft"], table["year_built"], table["rooms"]]).astype(np.float32)
y = table["price_z"].astype(np.float32)

X = (X - X[:1600].mean(axis=0)) / X[:1600].std(axis=0)
x_all = torch.from_numpy(X)
y_all = torch.from_numpy(y).view(-1, 1)

regressor = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(regressor.parameters(), lr=0.005)
loss_fn = nn.MSELoss()

for epoch in range(4):
    for i in np.random.permutation(1600):
        loss = loss_fn(regressor(x_all[i:i + 1]), y_all[i:i + 1])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = regressor(x_all[1600:]).view(-1)
target = y_all[1600:].view(-1)
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
