# Rebuilt from: https://singularityfeed.com/predicting-jet-engine-failures-with-nasas-c-mapss-dataset-and-lstm-a-practical-guide-to-predictive-maintenance-by-mihai-timoficiuc-oct-2025
# Report: C-MAPSS LSTM guide: drops constant sensors, MinMaxScaler on the sensor columns (fit on train),
#   30-cycle windows, LSTM regression of RUL; the RUL target itself is left in cycles.
# Not a bug (a look-alike that must stay silent): the inputs are scaled to [0, 1]; only the target
#   stays in raw cycles (0-125), which Adam handles fine, so training converges.
# Our own code, written after the report (not copied from it); turbofan-like data generated below.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler

torch.set_num_threads(1)

np.random.seed(0)
torch.manual_seed(0)

SENSORS = ["T24", "T30", "T50", "P30", "Nf", "Nc", "Ps30", "phi", "BPR", "htBleed", "W31", "W32"]
BASE = [642.0, 1589.0, 1405.0, 554.0, 2388.0, 9050.0, 47.4, 521.7, 8.42, 392.0, 38.8, 23.3]
DRIFT = [1.6, 12.0, 28.0, -3.5, 0.2, 45.0, 0.9, -3.0, 0.12, 5.0, -0.8, -0.45]
NOISE = [0.5, 6.0, 9.0, 0.9, 0.07, 20.0, 0.27, 0.7, 0.035, 1.5, 0.18, 0.11]


def load_data(n_units=20):
    rows = []
    for unit in range(1, n_units + 1):
        life = np.random.randint(140, 260)
        for cyc in range(1, life + 1):
            h = (cyc / life) ** 2
            vals = [b + d * h + np.random.randn() * s for b, d, s in zip(BASE, DRIFT, NOISE)]
            rows.append([unit, cyc] + vals)
    df = pd.DataFrame(rows, columns=["unit_number", "cycles"] + SENSORS)
    df["RUL"] = df.groupby("unit_number")["cycles"].transform("max") - df["cycles"]
    df["RUL"] = df["RUL"].clip(upper=125)
    return df


def make_windows(df, cols, seq_len=10):
    X, y = [], []
    for _, g in df.groupby("unit_number"):
        a = g[cols].values.astype(np.float32)
        r = g["RUL"].values.astype(np.float32)
        for i in range(seq_len, len(g) + 1, 2):
            X.append(a[i - seq_len:i])
            y.append(r[i - 1])
    return np.stack(X), np.array(y)


class RULModel(nn.Module):
    def __init__(self, n_feat):
        super().__init__()
        self.lstm = nn.LSTM(n_feat, 32, batch_first=True)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        h, _ = self.lstm(x)
        return self.out(h[:, -1, :]).squeeze(-1)


df = load_data()
df[SENSORS] = MinMaxScaler().fit_transform(df[SENSORS])
X, y = make_windows(df, SENSORS)
X_t, y_t = torch.tensor(X), torch.tensor(y)

model = RULModel(len(SENSORS))
opt = torch.optim.Adam(model.parameters(), lr=3e-2)
loss_fn = nn.MSELoss()
for epoch in range(12):
    perm = torch.randperm(len(X_t))
    for i in range(0, len(X_t), 32):
        idx = perm[i:i + 32]
        opt.zero_grad()
        loss = loss_fn(model(X_t[idx]), y_t[idx])
        loss.backward()
        opt.step()
    print(f"epoch {epoch} loss {loss.item():.1f}")

with torch.no_grad():
    pred = model(X_t)
yy = y_t
r2 = 1 - ((pred - yy) ** 2).mean() / yy.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
