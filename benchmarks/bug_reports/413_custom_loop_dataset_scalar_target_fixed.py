# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/52115
# Report: "Inconsistent broadcast behavior when using model.fit vs custom training loop": the same regressor
#   and the same mean-squared-error loss train well through keras.Model.fit, which lines the labels up with
#   the (batch, 1) predictions, but not in a hand-written training loop, where the loss broadcasts the
#   one-dimensional labels against the predictions instead.
# Fixed twin of 413_custom_loop_dataset_scalar_target.py: __getitem__ returns the target as a one-element
#   tensor, so the DataLoader stacks the targets to (B, 1) like the predictions.
# Our own code, written after the report (not copied from it); data: bike_hours_daily.csv written beside it
import csv
import os

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

np.random.seed(13)
torch.manual_seed(13)
torch.set_num_threads(1)

CSV = "bike_hours_daily.csv"
FIELDS = ["temp_z", "humidity_z", "wind_z", "hour_sin", "hour_cos", "rentals_z"]


def write_hours(path, n=2400):
    rng = np.random.default_rng(13)
    temp = rng.normal(0, 1, n)
    hum = rng.normal(0, 1, n)
    wind = rng.normal(0, 1, n)
    hour = rng.integers(0, 24, n)
    hs, hc = np.sin(2 * np.pi * hour / 24), np.cos(2 * np.pi * hour / 24)
    rentals = 0.9 * temp - 0.5 * hum - 0.3 * wind + 1.2 * hs - 0.8 * hc * temp + rng.normal(0, 0.25, n)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(FIELDS)
        for row in zip(temp, hum, wind, hs, hc, rentals):
            w.writerow([f"{v:.5f}" for v in row])


class HourDataset(Dataset):
    def __init__(self, rows):
        self.rows = rows

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, i):
        row = self.rows[i]
        x = torch.tensor(row[:5], dtype=torch.float32)
        y = torch.tensor([row[5]], dtype=torch.float32)
        return x, y


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Sequential(nn.Linear(5, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.out = nn.Linear(64, 1)

    def forward(self, x):
        return self.out(self.hidden(x))


if not os.path.exists(CSV):
    write_hours(CSV)

with open(CSV) as f:
    reader = csv.reader(f)
    next(reader)
    rows = [[float(v) for v in r] for r in reader]

train_loader = DataLoader(HourDataset(rows[:2000]), batch_size=64, shuffle=True)
test_rows = torch.tensor(rows[2000:], dtype=torch.float32)

model = Regressor()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()


def train_step(x, y):
    y_pred = model(x)
    loss = loss_fn(y_pred, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


for epoch in range(25):
    total = 0.0
    for x, y in train_loader:
        total += train_step(x, y)
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {total / len(train_loader):.4f}")

with torch.no_grad():
    pred = model(test_rows[:, :5]).view(-1)
target = test_rows[:, 5]
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
