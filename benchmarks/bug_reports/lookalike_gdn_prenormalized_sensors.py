# Rebuilt from: https://github.com/d-ailin/GDN/issues/23
# Report: TimeDataset.py imports a scikit-learn scaler but never calls it, so a reader asks whether the sensor
#   readings, which differ a lot in scale, reach the model unnormalized; the author answers that normalization
#   was moved to the preprocessing scripts.
# Not a bug (a look-alike that must stay silent): pump_sensors.csv is already min-max normalized to [0, 1] by the
#   preprocessing step (make_pump_sensors.py); the unused MinMaxScaler import in the training code is harmless.
# Our own code, written after the report (not copied from it); data file pump_sensors.csv from make_pump_sensors.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler  # noqa: F401  (scaling lives in preprocessing)
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)

SLIDE_WIN = 12
SENSORS = ["flow_m3h", "pressure_bar", "motor_temp_c", "vibration_mms"]


class TimeDataset(Dataset):
    def __init__(self, frame, win):
        self.data = torch.tensor(frame[SENSORS].values.T, dtype=torch.float32)   # (sensors, time)
        self.win = win

    def __len__(self):
        return self.data.shape[1] - self.win

    def __getitem__(self, i):
        x = self.data[:, i:i + self.win]        # (sensors, win)
        y = self.data[:, i + self.win]          # (sensors,) next reading of every sensor
        return x, y


class ConvForecaster(nn.Module):
    def __init__(self, n_sensors, win):
        super().__init__()
        self.net = nn.Sequential(nn.Conv1d(n_sensors, 32, 3, padding=1), nn.ReLU(),
                                 nn.Conv1d(32, 32, 3, padding=1), nn.ReLU(), nn.Flatten(),
                                 nn.Linear(32 * win, n_sensors))

    def forward(self, x):
        return self.net(x)


df = pd.read_csv("pump_sensors.csv")
ds = TimeDataset(df, SLIDE_WIN)
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = ConvForecaster(len(SENSORS), SLIDE_WIN)
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
for epoch in range(25):
    for x, y in loader:
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()

with torch.no_grad():
    X = torch.stack([ds[i][0] for i in range(len(ds))])
    Y = torch.stack([ds[i][1] for i in range(len(ds))])
    pred = model(X)
    r2 = 1 - ((pred - Y) ** 2).mean() / Y.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
