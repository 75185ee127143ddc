# Rebuilt from: https://datascience.stackexchange.com/questions/107573/add-timestamp-as-a-feature-to-model
# Report: Time-series meter data; the asker wants to feed the time stamp itself as a feature of a DNN and asks
#   whether that works or whether it must be split into weekday/day/hour (possibly sin/cos) features.
# Bug (planted: TL002): the parsed timestamp is cast to Unix seconds (~1.68e9) and concatenated as a raw column
#   next to the standardized weather columns, so the first Linear layer sees one input ~1e9 times larger.
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
    feats["ts"] = df["timestamp"].astype("int64") // 10**9
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
