# Rebuilt from: https://datascience.stackexchange.com/questions/107573/add-timestamp-as-a-feature-to-model
# Report: Time-series meter data; the asker wants to feed the time stamp itself as a feature of a DNN and asks
#   whether that works or whether it must be split into weekday/day/hour (possibly sin/cos) features.
# Fixed twin of 161_timestamp_energy.py: the raw Unix-seconds column is replaced by discrete time components
#   (hour of day and weekday, encoded as sin/cos), as the answers suggest.
# Our own code, written after the report (not copied from it); data: building_energy.csv from make_building_energy.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)


def load_data(path="building_energy.csv"):
    df = pd.read_csv(path, parse_dates=["timestamp"])
    weather = df[["outdoor_temp_c", "rel_humidity"]]
    weather = (weather - weather.mean()) / weather.std()
    feats = weather.copy()
    hour = df["timestamp"].dt.hour
    dow = df["timestamp"].dt.day_of_week
    feats["hour_sin"] = np.sin(2 * np.pi * hour / 24)
    feats["hour_cos"] = np.cos(2 * np.pi * hour / 24)
    feats["dow_sin"] = np.sin(2 * np.pi * dow / 7)
    feats["dow_cos"] = np.cos(2 * np.pi * dow / 7)
    y = df["load_kwh"].to_numpy(dtype=np.float32)
    return feats.to_numpy(dtype=np.float32), y


X, y = load_data()
y_mean, y_std = y.mean(), y.std()
X_t = torch.from_numpy(X)
y_t = torch.from_numpy((y - y_mean) / y_std).unsqueeze(1)
loader = DataLoader(TensorDataset(X_t, y_t), batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(X.shape[1], 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()

for epoch in range(60):
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    if epoch % 20 == 0:
        print(f"epoch {epoch} loss {total / len(X_t):.4g}")

with torch.no_grad():
    pred = model(X_t).squeeze(1).numpy() * y_std + y_mean
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
