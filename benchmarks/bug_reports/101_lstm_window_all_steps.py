# Rebuilt from: https://community.deeplearning.ai/t/time-series-predictions-dimension/57362
# Report: In the course's time-series lab (Conv1D + LSTMs on windows of 64 values) the forecast came back with
#   shape (3172, 64, 1) although every training window has a single label; the learner had to slice
#   [:, -1, 0] and asked why the model predicts 64 numbers. The reply: the second LSTM keeps return_sequences=True.
# Bug (planted: TL001): forward() applies the head to every time step, so the prediction is (B, 48, 1) while
#   the DataLoader target is (B,); MSELoss broadcasts them to (B, 48, B) and the model learns a blurred mean.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)
np.random.seed(1)


def make_series(n=600):
    t = np.arange(n)
    trend = 0.01 * t
    season = 3.0 * np.sin(2 * np.pi * t / 50) + 1.5 * np.sin(2 * np.pi * t / 13)
    return (trend + season + np.random.normal(0, 0.3, n)).astype(np.float32)


def windowed(series, window_size):
    xs, ys = [], []
    for i in range(len(series) - window_size):
        xs.append(series[i:i + window_size])
        ys.append(series[i + window_size])
    return np.array(xs)[..., None], np.array(ys)   # (N, W, 1), (N,)


series = make_series()
series = (series - series.mean()) / series.std()
window_size = 48
X, y = windowed(series, window_size)
loader = DataLoader(TensorDataset(torch.tensor(X), torch.tensor(y)), batch_size=32, shuffle=True)


class Forecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(1, 16, kernel_size=5, padding=2)
        self.lstm1 = nn.LSTM(16, 32, batch_first=True)
        self.lstm2 = nn.LSTM(32, 32, batch_first=True)
        self.head = nn.Linear(32, 1)

    def forward(self, x):
        x = torch.relu(self.conv(x.transpose(1, 2))).transpose(1, 2)
        x, _ = self.lstm1(x)
        x, _ = self.lstm2(x)          # (B, W, 32): every step kept
        return self.head(x)           # (B, W, 1)


def train(model, loader, epochs=8):
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        total = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item()
        if epoch % 4 == 0:
            print(f"epoch {epoch} loss {total / len(loader):.4f}")


model = Forecaster()
train(model, loader)

with torch.no_grad():
    out = model(torch.tensor(X))
    pred = out.reshape(len(X), -1)[:, -1]          # last step, as the course notebook slices it
target = torch.tensor(y)
r2 = 1 - torch.mean((pred - target) ** 2) / torch.var(target, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
