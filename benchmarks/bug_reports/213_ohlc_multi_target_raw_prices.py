# Rebuilt from: https://github.com/ibm-granite/granite-tsfm/issues/73
# Report: Training a forecaster on a crypto/stock candle table (opening/high/low/trade price, values ~2.9e7 with
#   std ~2.3e7) with all four price columns as targets gives strange losses and a flat-line prediction; with a
#   single target column the loss looks normal.
# Bug (planted: TL002): make_windows() feeds the raw won-denominated OHLC prices (~1e7..1e8) straight into the
#   MLP trained with plain SGD; only the four next-step targets are standardized, so training diverges.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
COLS = ["opening_price", "high_price", "low_price", "trade_price"]


def load_candles(n=560):
    rng = np.random.default_rng(3)
    close = 2.9e7 * np.exp(np.cumsum(rng.normal(0, 0.03, n)))
    opening = close * np.exp(rng.normal(0, 0.004, n))
    high = np.maximum(opening, close) * (1 + rng.uniform(0, 0.01, n))
    low = np.minimum(opening, close) * (1 - rng.uniform(0, 0.01, n))
    ts = pd.date_range("2017-09-25 12:00", periods=n, freq="16min")
    return pd.DataFrame({"candle_date_time_kst": ts, "opening_price": opening, "high_price": high,
                         "low_price": low, "trade_price": close})


def make_windows(df, win=8):
    vals = df[COLS].values.astype(np.float64)
    X = np.stack([vals[i:i + win].ravel() for i in range(len(vals) - win)])
    Y = vals[win:]
    return X, Y


df = load_candles()
X, Y = make_windows(df)
y_mean, y_std = Y.mean(0), Y.std(0)
Xt = torch.tensor(X, dtype=torch.float32)
Yt = torch.tensor((Y - y_mean) / y_std, dtype=torch.float32)

model = nn.Sequential(nn.Linear(Xt.shape[1], 64), nn.ReLU(), nn.Linear(64, 4))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
crit = nn.MSELoss()


def train(model, epochs=60, bs=64):
    for ep in range(epochs):
        perm = torch.randperm(len(Xt))
        for s in range(0, len(Xt), bs):
            b = perm[s:s + bs]
            opt.zero_grad()
            loss = crit(model(Xt[b]), Yt[b])
            loss.backward()
            opt.step()
        if ep % 20 == 0:
            print(f"epoch {ep} loss {loss.item():.4f}")


train(model)
with torch.no_grad():
    pred = model(Xt)
    r2 = 1 - ((pred - Yt) ** 2).mean() / ((Yt - Yt.mean(0)) ** 2).mean()
print(f"RESULT r2={r2.item():.3f}")
