# Rebuilt from: https://github.com/aws-samples/amazon-sagemaker-mlops-workshop/issues/11
# Report: "numerical instability due to magnitude of values": the workshop's California-housing notebooks
#   trained a regressor on the raw columns (totalRooms, totalBedrooms, population, households in the
#   thousands, medianHouseValue in the hundreds of thousands) and training was numerically unstable. The fix
#   (PR #12) applied np.log1p to medianIncome, housingMedianAge, totalRooms, totalBedrooms, population,
#   households and medianHouseValue before splitting X and Y.
# Bug (planted: TL002): the raw count columns (up to ~30,000) next to medianIncome (~4) go straight into the
#   network; the ReLU units saturate on the counts and the fit swings wildly (test R^2 far below zero).
# Our own code, written after the report (not copied from it); data: housing_workshop.csv written beside it
import os

import numpy as np
import csv
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

np.random.seed(7)
torch.manual_seed(7)
torch.set_num_threads(1)

CSV = "housing_workshop.csv"


def write_csv(path, n=3000):
    rng = np.random.default_rng(11)
    households = rng.lognormal(6.0, 0.6, n).round()
    rooms_per_hh = rng.normal(5.3, 1.0, n).clip(2, 10)
    total_rooms = (households * rooms_per_hh).round()
    total_bedrooms = (total_rooms * rng.normal(0.21, 0.03, n).clip(0.1, 0.4)).round()
    population = (households * rng.normal(2.9, 0.6, n).clip(1.2, 6)).round()
    median_income = rng.lognormal(1.3, 0.45, n).clip(0.5, 15)
    age = rng.integers(1, 53, n).astype(float)
    value = np.exp(10.6 + 0.9 * np.log(median_income) + 0.006 * age + 0.3 * np.log(rooms_per_hh)
                   - 0.4 * np.log(population / households) + rng.normal(0, 0.08, n))
    cols = {
        "longitude": rng.uniform(-124, -114, n).round(2), "latitude": rng.uniform(32.5, 42, n).round(2),
        "housingMedianAge": age, "totalRooms": total_rooms, "totalBedrooms": total_bedrooms,
        "population": population, "households": households, "medianIncome": median_income.round(4),
        "medianHouseValue": value.clip(15000, 500001).round(),
    }
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(cols))
        for row in zip(*cols.values()):
            w.writerow(row)


if not os.path.exists(CSV):
    write_csv(CSV)

data = np.genfromtxt(CSV, delimiter=",", names=True)
feature_names = ["housingMedianAge", "totalRooms", "totalBedrooms", "population", "households", "medianIncome"]

X = np.column_stack([data[name] for name in feature_names])
Y = np.log(data["medianHouseValue"])

split = int(0.8 * len(data))
X_train, X_test = X[:split].astype(np.float32), X[split:].astype(np.float32)
y_train, y_test = Y[:split].astype(np.float32), Y[split:].astype(np.float32)

train_ds = TensorDataset(torch.from_numpy(X_train), torch.from_numpy(y_train).view(-1, 1))
train_dl = DataLoader(train_ds, batch_size=64, shuffle=True)

model = nn.Sequential(nn.Linear(X_train.shape[1], 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

for epoch in range(60):
    for xb, yb in train_dl:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(torch.from_numpy(X_test)).squeeze(1).numpy()
r2 = 1 - np.mean((pred - y_test) ** 2) / np.var(y_test)
print(f"RESULT r2={r2:.4f}")
