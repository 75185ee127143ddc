# Rebuilt from: https://xue-jishu.com/wei-shen-me-modelpredict-hui-shu-chu-3-ge-jie-guo
# Report: A univariate forecaster (causal Conv1D, stacked LSTMs, Dense(1)) is fed windows of the previous three
#   values to predict the next one; training runs fine, but model.predict returns three numbers per window
#   (output shape (None, None, 1)) and the asker wants to know why there are 3 results instead of 1.
# Bug (planted: TL001): every LSTM keeps the whole sequence, so the head emits (B, 3, 1) per batch while the
#   target batch is (B,); MSELoss broadcasts the two to (B, 3, B) without an error.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(11)
np.random.seed(11)


def load_series(n=900):
    t = np.arange(n, dtype=np.float32)
    x = 0.6 * np.sin(0.3 * t) + 0.3 * np.sin(0.05 * t) + np.random.normal(0, 0.015, n)
    return np.diff(x, prepend=x[0]).astype(np.float32) * 10     # returns-like signal around 0


def make_windows(series, window=3):
    xs, ys = [], []
    for start in range(len(series) - window):
        xs.append(torch.from_numpy(series[start:start + window]))
        ys.append(torch.tensor(series[start + window]))
    return torch.stack(xs).unsqueeze(-1), torch.stack(ys)       # (N, 3, 1), (N,)


class CausalConvLSTM(nn.Module):
    def __init__(self, hidden=48):
        super().__init__()
        self.conv = nn.Conv1d(1, 25, kernel_size=5)
        self.lstm = nn.LSTM(25, hidden, num_layers=2, batch_first=True, dropout=0.1)
        self.dense = nn.Linear(hidden, 1)

    def forward(self, x):                                     # x: (B, T, 1)
        z = F.pad(x.transpose(1, 2), (4, 0))                   # causal padding on the left
        z = F.relu(self.conv(z)).transpose(1, 2)               # (B, T, 25)
        z, _ = self.lstm(z)                                    # (B, T, hidden)
        return self.dense(z)                                   # (B, T, 1)


series = load_series()
X, y = make_windows(series)
model = CausalConvLSTM()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
batch_size = 32

for epoch in range(16):
    perm = torch.randperm(len(X))
    epoch_loss = 0.0
    for idx in torch.split(perm, batch_size):
        xb, yb = X[idx], y[idx]
        optimizer.zero_grad()
        loss = F.mse_loss(model(xb), yb)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * len(idx)
    if epoch % 5 == 0:
        print(f"epoch {epoch} mse {epoch_loss / len(X):.4f}")

model.eval()
with torch.no_grad():
    out = model(X)
pred = out.reshape(len(X), -1)[:, -1]
r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
