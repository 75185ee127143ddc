# Rebuilt from: https://sgridworks.com/ml-playground/guides/10-advanced-load-forecasting.html
# Report: Guide building sliding windows from hourly substation load plus weather and training a PyTorch LSTM
#   that forecasts the next 24 hours of load in one forward pass (multi-step output).
# Not a bug (a look-alike that must stay silent): the model outputs (B, 24) and the window helper stacks the
#   24-hour targets as (B, 24), so MSELoss compares equal shapes; load and temperature are standardized.
# Our own code, written after the report (not copied from it); synthetic feeder data generated in the script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(5)

idx = pd.date_range("2024-06-01", periods=24 * 25, freq="h")
temp = 24 + 6 * np.sin(2 * np.pi * (idx.hour.values - 9) / 24) + rng.normal(0, 1, len(idx))
load_mw = 8 + 2.5 * np.sin(2 * np.pi * (idx.hour.values - 7) / 24) + 0.25 * (temp - 24) + rng.normal(0, 0.3, len(idx))
df = pd.DataFrame({"load_mw": load_mw, "temp_c": temp}, index=idx)
df = (df - df.mean()) / df.std()


def create_sequences(frame, lookback=48, horizon=24):
    X, Y = [], []
    vals = frame.values.astype(np.float32)
    for i in range(len(vals) - lookback - horizon):
        X.append(vals[i:i + lookback])
        Y.append(vals[i + lookback:i + lookback + horizon, 0])
    return np.array(X), np.array(Y)


X, Y = create_sequences(df)
loader = DataLoader(TensorDataset(torch.from_numpy(X), torch.from_numpy(Y)), batch_size=32, shuffle=True)


class LoadForecaster(nn.Module):
    def __init__(self, n_features=2, hidden=32, horizon=24):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, horizon)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[-1])              # (B, 24)


model = LoadForecaster()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
for epoch in range(8):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
with torch.no_grad():
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
    P = model(Xt)
print(f"RESULT r2={1 - ((P - Yt) ** 2).mean().item() / Yt.var(unbiased=False).item():.3f}")
