# Rebuilt from: https://cs.stackexchange.com/questions/14634/how-to-encode-date-as-input-in-neural-network
# Report: predicting a time series with a neural network; the asker wonders whether to "just feed it the
#   time (in milliseconds since 1-1-1970)" as an input. The answer: raw epoch time is a poor input
#   (every future value is larger than anything seen in training); encode time differently.
# Bug (planted: TL002): record_to_features() puts datetime.timestamp() (~1.64e9 seconds) next to the
#   temperature and occupancy flag, and the feature matrix goes to the MLP unscaled; SGD diverges.
# Our own code, written after the report (not copied from it); data: meter_readings.json from make_events.py
import json
from datetime import datetime

import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)


def record_to_features(rec):
    t = datetime.strptime(rec["timestamp"], "%Y-%m-%d %H:%M:%S")
    return [t.timestamp(), rec["outdoor_temp_c"], float(rec["occupied"])]


def load_data(path):
    with open(path) as f:
        records = json.load(f)
    X = np.array([record_to_features(r) for r in records], dtype=np.float64)
    y = np.array([[r["load_mw"]] for r in records], dtype=np.float64)
    return X, y


class Trainer:
    def __init__(self, model, lr=0.01):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()

    def fit(self, X, y, epochs=200, batch_size=50):
        for epoch in range(epochs):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), batch_size):
                idx = perm[i:i + batch_size]
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(X[idx]), y[idx])
                loss.backward()
                self.opt.step()
            if epoch % 50 == 0:
                print(f"epoch {epoch} loss {loss.item():.4f}")


X_np, y_np = load_data("meter_readings.json")
X = torch.tensor(X_np, dtype=torch.float32)
y = torch.tensor(y_np, dtype=torch.float32)

model = nn.Sequential(nn.Linear(3, 32), nn.ReLU(), nn.Linear(32, 1))
Trainer(model).fit(X, y)

with torch.no_grad():
    pred = model(X)
r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
