# Rebuilt from: https://github.com/sktime/pytorch-forecasting/issues/1
# Report: Training a forecasting network on the user's own daily series, the plotted predictions sit
#   around 0.x while the target is about 300; the maintainer answered that the network had not trained
#   and that "to train, timeseries should be normalized (I think almost all networks require this)".
# Bug (planted: TL002): make_windows() slices the raw unit-sales series (values ~150-450) into encoder
#   windows and the GRU is trained on them without normalizing the series.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

ENCODER_LEN = 14


def load_series():
    days = pd.date_range("2019-01-01", periods=420, freq="D")
    t = np.arange(len(days))
    weekly = 60 * np.sin(2 * np.pi * t / 7) + 25 * np.cos(2 * np.pi * t / 7)
    trend = 0.15 * t
    noise = np.random.normal(0, 8, len(t))
    sales = 280 + trend + weekly + noise
    return pd.Series(sales, index=days, name="units_sold")


def make_windows(values, enc_len):
    X, y = [], []
    for i in range(len(values) - enc_len):
        X.append(values[i:i + enc_len])
        y.append(values[i + enc_len])
    X = torch.tensor(np.array(X), dtype=torch.float32).unsqueeze(-1)   # (N, enc_len, 1)
    y = torch.tensor(np.array(y), dtype=torch.float32).unsqueeze(-1)   # (N, 1)
    return X, y


class GRUForecaster(nn.Module):
    def __init__(self, hidden=24):
        super().__init__()
        self.gru = nn.GRU(1, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        _, h = self.gru(x)
        return self.fc(h[-1])


class Trainer:
    def __init__(self, model, lr=1e-2, batch_size=32):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()
        self.batch_size = batch_size

    def fit(self, X, y, epochs):
        for epoch in range(epochs):
            perm = torch.randperm(len(X))
            for start in range(0, len(X), self.batch_size):
                idx = perm[start:start + self.batch_size]
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(X[idx]), y[idx])
                loss.backward()
                self.opt.step()
            if epoch % 10 == 0:
                print(f"epoch {epoch} batch loss {loss.item():.3f}")


series = load_series()
values = series.values
X, y = make_windows(values, ENCODER_LEN)
model = GRUForecaster()
Trainer(model).fit(X, y, epochs=40)

with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
