# Rebuilt from: https://github.com/ourownstory/neural_prophet/issues/735
# Report: fitting an AR model with lagged regressors prints "Using a target size (torch.Size([97]))
#   that is different to the input size (torch.Size([97, 1]))" from F.smooth_l1_loss; the maintainer
#   notes it is better to match dimensions explicitly instead of relying on broadcasting.
# Bug (planted: TL001): nn.SmoothL1Loss gets the AR-net forecast of shape (bs, 1) and the target
#   windows of shape (bs,) (make_windows returns a flat y) -> broadcast to (bs, bs).
# Our own code, written after the report (not copied from it); data: load.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
N_LAGS = 24


def make_windows(df, n_lags):
    """Rows of [last n_lags loads, last n_lags temperatures] -> next-hour load."""
    load = df["y_scaled"].values
    temp = df["temp_scaled"].values
    X, y = [], []
    for t in range(n_lags, len(df)):
        X.append(np.concatenate([load[t - n_lags:t], temp[t - n_lags:t]]))
        y.append(load[t])
    return np.array(X, dtype=np.float32), np.array(y, dtype=np.float32)


df = pd.read_csv("load.csv", parse_dates=["ds"])
y_mean, y_std = df["y"].mean(), df["y"].std()
df["y_scaled"] = (df["y"] - y_mean) / y_std
df["temp_scaled"] = (df["temperature"] - df["temperature"].mean()) / df["temperature"].std()
X, y = make_windows(df, N_LAGS)
X, y = torch.from_numpy(X), torch.from_numpy(y)


class ARNet(nn.Module):
    def __init__(self, n_lags, n_lagged_regressors=1, d_hidden=32):
        super().__init__()
        self.ar = nn.Sequential(nn.Linear(n_lags * (1 + n_lagged_regressors), d_hidden), nn.ReLU(),
                                nn.Linear(d_hidden, 1))

    def forward(self, x):
        return self.ar(x)


model = ARNet(N_LAGS)
loss_fn = nn.SmoothL1Loss(beta=0.3)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
batch_size = 97
for epoch in range(60):
    perm = torch.randperm(len(X))
    epoch_loss = 0.0
    for i in range(0, len(X), batch_size):
        idx = perm[i:i + batch_size]
        inputs, targets = X[idx], y[idx]
        predicted = model(inputs)
        loss = loss_fn(predicted, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item()
    if epoch % 20 == 0:
        print(f"epoch {epoch} loss {epoch_loss:.4f}")

with torch.no_grad():
    fc = model(X).squeeze(1)
mae_mw = ((fc - y).abs().mean() * y_std).item()
print(f"train MAE {mae_mw:.1f} MW")
r2 = 1 - ((fc - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
