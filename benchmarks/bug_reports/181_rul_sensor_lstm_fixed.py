# Rebuilt from: https://github.com/austineaero/Remaining-Useful-Life-RUL-Estimation/issues/19
# Report: An LSTM that estimates the remaining useful life of turbofan engines from their sensor
#   channels; "the loss goes to nan after the first epoch". The maintainer's first advice: check that
#   the data is normalised (StandardScaler or MinMaxScaler), "LSTMs hate unscaled data".
# Fixed twin of 181_rul_sensor_lstm.py: load_data() standardizes the sensor columns (StandardScaler)
#   before windowing.
# Our own code, written after the report (not copied from it); data: engine_sensors.csv from make_engine_sensors.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

SENSORS = ["sensor_2", "sensor_3", "sensor_4", "sensor_7", "sensor_9", "sensor_11", "sensor_14"]
WINDOW = 10
MAX_RUL = 125.0


def load_data(path="engine_sensors.csv"):
    df = pd.read_csv(path)
    df[SENSORS] = StandardScaler().fit_transform(df[SENSORS])
    df["RUL"] = df["RUL"].clip(upper=MAX_RUL) / MAX_RUL      # piecewise-linear RUL target in [0, 1]
    return df


class EngineWindows(Dataset):
    def __init__(self, df):
        self.X, self.y = [], []
        for _, g in df.groupby("engine_id"):
            feats = g[SENSORS].values.astype(np.float32)
            rul = g["RUL"].values.astype(np.float32)
            for end in range(WINDOW, len(g) + 1):
                self.X.append(feats[end - WINDOW:end])
                self.y.append(rul[end - 1])

    def __len__(self):
        return len(self.X)

    def __getitem__(self, idx):
        return torch.from_numpy(self.X[idx]), torch.tensor([self.y[idx]])


class RULModel(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.lstm = nn.LSTM(n_features, 16, batch_first=True)
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


df = load_data()
ds = EngineWindows(df)
loader = DataLoader(ds, batch_size=64, shuffle=True)
model = RULModel(len(SENSORS))
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
loss_fn = nn.MSELoss()

for epoch in range(20):
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    if epoch % 5 == 0:
        print(f"epoch {epoch} mse {total / len(ds):.4f}")

with torch.no_grad():
    X = torch.from_numpy(np.stack(ds.X))
    y = torch.tensor(ds.y).unsqueeze(1)
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
