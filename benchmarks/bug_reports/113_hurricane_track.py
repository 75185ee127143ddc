# Rebuilt from: https://github.com/hammad93/hurricane-net/issues/1
# Report: The hurricane intensity model "has an exploding gradient because the features were not
#   scaled and the tensors converged to NaN". The author then scaled the features with sklearn's
#   RobustScaler (and had to drop rows with missing pressure first).
# Bug (planted: TL002): the best-track features (Unix timestamp, lat, lon, wind in kt, pressure in mb)
#   are fed to the LSTM raw in load_data(); with plain SGD the huge inputs saturate the gates and the
#   model only learns the mean intensity.
# Our own code, written after the report (not copied from it); data: storms.csv from make_storms.py
import csv
from collections import defaultdict

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)
SEQ = 4
FEATURES = ["iso_time_unix", "lat", "lon", "wind_kt", "pressure_mb"]


def load_data(path):
    tracks = defaultdict(list)
    with open(path) as f:
        for row in csv.DictReader(f):
            if row["pressure_mb"] == "":
                continue
            tracks[row["storm_id"]].append([float(row[c]) for c in FEATURES])
    return {k: np.array(v, dtype=np.float32) for k, v in tracks.items()}


def make_windows(tracks, seq=SEQ):
    xs, ys = [], []
    for fixes in tracks.values():
        for i in range(len(fixes) - seq):
            xs.append(fixes[i:i + seq])
            ys.append(fixes[i + seq, 3])  # wind 6 h later
    return np.stack(xs), np.array(ys, dtype=np.float32)


class IntensityLSTM(nn.Module):
    def __init__(self, n_feat, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(n_feat, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1, :])


tracks = load_data("storms.csv")
X, y = make_windows(tracks)
X_t = torch.from_numpy(X)
y_t = torch.from_numpy(y).unsqueeze(1)
loader = DataLoader(TensorDataset(X_t, y_t), batch_size=32, shuffle=True)

model = IntensityLSTM(len(FEATURES))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.MSELoss()

for epoch in range(60):
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    if epoch % 20 == 0:
        print(f"epoch {epoch} mse {total / len(X_t):.3f}")

with torch.no_grad():
    pred = model(X_t)
    r2 = 1 - ((pred - y_t) ** 2).mean() / y_t.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
