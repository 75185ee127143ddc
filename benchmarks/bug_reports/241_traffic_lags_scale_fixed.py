# Rebuilt from: https://github.com/unit8co/darts/issues/779
# Report: RNN and N-BEATS forecasts of a series come out as a useless flat/odd curve (several people report the
#   same); the maintainer's answer is to scale the training series first (standardize or normalize), fit and
#   predict on the scaled series, then inverse-transform the forecast.
# Fixed twin of 241_traffic_lags_scale.py: the series is standardized (scaler fit on it) before make_windows(),
#   and the predictions are inverse-transformed to vehicles per hour
# Our own code, written after the report (not copied from it); hourly traffic counts are synthetic (load_data())
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.preprocessing import StandardScaler

torch.manual_seed(4)
torch.set_num_threads(1)
np.random.seed(4)


def load_data(n_hours=24 * 70):
    idx = pd.date_range("2023-04-03", periods=n_hours, freq="h")
    h = idx.hour.values
    weekday = idx.day_of_week.values < 5
    rush = 2600 * np.exp(-0.5 * ((h - 8) / 1.3) ** 2) + 2900 * np.exp(-0.5 * ((h - 17) / 1.6) ** 2)
    base = 600 + 2200 * np.clip(np.sin(np.pi * (h - 5) / 18), 0, None)
    volume = np.where(weekday, base + rush, 0.75 * base) * np.random.normal(1, 0.05, n_hours)
    return pd.Series(volume, index=idx, name="traffic_volume")


def make_windows(series):
    df = pd.DataFrame({"y": series})
    df["lag_1"] = series.shift(1)
    df["lag_2"] = series.shift(2)
    df["lag_24"] = series.shift(24)
    df["lag_168"] = series.shift(168)
    df["roll_mean_24"] = series.shift(1).rolling(24).mean()
    hour, dow = series.index.hour, series.index.day_of_week
    df["hour_sin"], df["hour_cos"] = np.sin(2 * np.pi * hour / 24), np.cos(2 * np.pi * hour / 24)
    df["dow_sin"], df["dow_cos"] = np.sin(2 * np.pi * dow / 7), np.cos(2 * np.pi * dow / 7)
    df = df.dropna()
    return df.drop(columns="y").values.astype(np.float32), df["y"].values.astype(np.float32)


class TrafficWindows(Dataset):
    def __init__(self, X, y):
        self.X, self.y = torch.from_numpy(X), torch.from_numpy(y).unsqueeze(1)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.X[i], self.y[i]


def train(model, loader, epochs=30, lr=1e-3):
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        running = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            running += loss.item()
        if epoch % 10 == 0:
            print(f"epoch {epoch:2d} mean batch loss {running / len(loader):.4f}")
    return model


series = load_data()
scaler = StandardScaler().fit(series.values.reshape(-1, 1))
scaled = pd.Series(scaler.transform(series.values.reshape(-1, 1)).ravel(), index=series.index)
X, y_scaled = make_windows(scaled)
y = scaler.inverse_transform(y_scaled.reshape(-1, 1)).ravel()
ds = TrafficWindows(X, y_scaled)
model = nn.Sequential(nn.Linear(X.shape[1], 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
train(model, DataLoader(ds, batch_size=32, shuffle=True))

with torch.no_grad():
    pred = scaler.inverse_transform(model(ds.X).numpy()).ravel()
y_true = y
r2 = 1 - np.mean((pred - y_true) ** 2) / np.var(y_true)
print(f"RESULT r2={r2:.3f}")
