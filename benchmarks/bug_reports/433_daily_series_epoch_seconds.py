# Rebuilt from: https://stackoverflow.com/questions/9746062/training-neural-network-in-ruby
# Report: "Training neural network in Ruby": one data point per day, and the network is to predict the value
#   from the date alone; the reporter turns each DateTime into a float (seconds since 1970) and divides it by
#   10,000,000,000 "to get a number between 0 and 1" (0.13317696, 0.13316832, ...), and both ruby-fann and ai4r
#   "return one constant number, generally something in the middle of the range of the samples".
# Bug (planted: TL002): the only input is the raw Unix timestamp divided by a fixed 1e10; over two years it
#   spans only about 0.1578..0.1641, so the network sees an almost constant input and
#   predicts the mean for every date.
# Our own code, written after the report (not copied from it); data: daily_counts.csv written beside it
import csv
import datetime as dt
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(33)
torch.manual_seed(33)
torch.set_num_threads(1)

CSV = "daily_counts.csv"


def export_days(path, n=730):
    rng = np.random.default_rng(33)
    start = dt.date(2020, 1, 1)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["date", "value"])
        for k in range(n):
            day = start + dt.timedelta(days=k)
            doy = day.timetuple().tm_yday
            value = 25 + 12 * np.sin(2 * np.pi * doy / 365.25) + 0.006 * k + rng.normal(0, 1.5)
            w.writerow([day.isoformat(), f"{value:.3f}"])


if not os.path.exists(CSV):
    export_days(CSV)

stamps, values = [], []
with open(CSV) as f:
    for row in csv.DictReader(f):
        day = dt.datetime.strptime(row["date"], "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)
        stamps.append(day.timestamp())
        values.append(float(row["value"]))
stamps = np.array(stamps)
values = np.array(values, dtype=np.float32)

t = stamps / 1e10

rng = np.random.default_rng(33)
order = rng.permutation(len(t))
train_idx, test_idx = order[:600], order[600:]
x = torch.tensor(t, dtype=torch.float32).view(-1, 1)
y = torch.tensor(values).view(-1, 1)

net = nn.Sequential(nn.Linear(1, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))
optimizer = torch.optim.Adam(net.parameters(), lr=3e-3)
loss_fn = nn.MSELoss()

for step in range(4000):
    loss = loss_fn(net(x[train_idx]), y[train_idx])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 500 == 0:
        print(f"step {step} loss {loss.item():.3f}")

with torch.no_grad():
    pred = net(x[test_idx]).view(-1)
target = y[test_idx].view(-1)
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
