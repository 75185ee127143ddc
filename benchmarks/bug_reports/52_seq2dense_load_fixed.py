# Rebuilt from: https://discuss.pytorch.org/t/loss-not-decreasing-in-lstm-network/159152
# Report: A univariate forecasting model - one LSTM layer whose final hidden state goes through a
#         Linear+ReLU and a Linear output layer emitting all future values at once - does not lower
#         its MSE during training, while an "identical" Keras model (same init, hyper-parameters,
#         data) trains normally.
# Fixed twin of 52_seq2dense_load.py: the target window is built without the extra brackets,
#         np.array(future), so a batch is (B, horizon) like the dense head's output.
# Our own code, written after the report (not copied from it); data: household_load.csv, a small made-up table beside this script
import csv
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

LOOKBACK, HORIZON = 24, 12


def load_series(path):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        values = [float(row["load_kw"]) for row in reader]
    return values


def make_windows(values):
    xs, ys = [], []
    start = 0
    while start + LOOKBACK + HORIZON <= len(values):
        past = values[start:start + LOOKBACK]
        future = values[start + LOOKBACK:start + LOOKBACK + HORIZON]
        xs.append(np.array(past, dtype=np.float32).reshape(LOOKBACK, 1))
        ys.append(np.array(future, dtype=np.float32))
        start += 1
    return np.stack(xs), np.stack(ys)


class WindowDataset(Dataset):
    def __init__(self, xs, ys):
        self.xs, self.ys = xs, ys

    def __len__(self):
        return len(self.xs)

    def __getitem__(self, i):
        return self.xs[i], self.ys[i]


class Seq2DenseModel(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.decoder = nn.Sequential(nn.Linear(hidden, 64), nn.ReLU(), nn.Linear(64, HORIZON))

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.decoder(out[:, -1, :])                       # (B, HORIZON)


raw = load_series("household_load.csv")
mean, std = float(np.mean(raw)), float(np.std(raw))
X, Y = make_windows([(v - mean) / std for v in raw])
loader = DataLoader(WindowDataset(X, Y), batch_size=32, shuffle=True)

model = Seq2DenseModel()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

for epoch in range(30):
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        pred = model(xb)
        loss = criterion(pred, yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    if epoch % 5 == 0:
        print(f"epoch {epoch:2d} loss {total / len(X):.4f}")

with torch.no_grad():
    p = model(torch.from_numpy(X)).reshape(-1)
    t = torch.from_numpy(Y).reshape(-1)
    r2 = 1 - torch.mean((p - t) ** 2) / torch.var(t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
