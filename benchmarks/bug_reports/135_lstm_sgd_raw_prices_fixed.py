# Rebuilt from: https://github.com/keras-team/keras/issues/4563
# Report: LSTM for multiple time-series regression; losses "always either very high or Nan" with rmsprop,
#   adam and sgd (SGD lr=0.0008, momentum 0.9, nesterov, mean_absolute_error). The Y values are very high.
#   First reply: "Have you tried to rescale the values before training?"
# Fixed twin of 135_lstm_sgd_raw_prices.py: the price/volume columns (incl. the Close target) are
#   standardized with their mean/std right after read_csv, the rescaling the reply suggested.
# Our own code, written after the report (not copied from it); data: stocks.csv from make_stocks.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
MAX_TIMESTEPS = 10
FEATURES = ["Open", "High", "Low", "Close", "Volume"]


def make_windows(df):
    xs, ys = [], []
    for _, g in df.groupby("Ticker"):
        vals = g[FEATURES].values.astype(np.float32)
        close = g["Close"].values.astype(np.float32)
        for i in range(len(g) - MAX_TIMESTEPS):
            xs.append(vals[i:i + MAX_TIMESTEPS])
            ys.append(close[i + MAX_TIMESTEPS])
    return np.stack(xs), np.array(ys, dtype=np.float32)


class SeqRegressor(nn.Module):
    def __init__(self, n_features, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, batch_first=True)
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.out(self.drop(h[-1]))


df = pd.read_csv("stocks.csv")
for col in FEATURES:
    df[col] = (df[col] - df[col].mean()) / df[col].std()
X_train, Y_train = make_windows(df)
X = torch.tensor(X_train)
Y = torch.tensor(Y_train).unsqueeze(1)

model = SeqRegressor(len(FEATURES))
opt = torch.optim.SGD(model.parameters(), lr=0.0008, momentum=0.9, nesterov=True)
loss_fn = nn.L1Loss()  # mean_absolute_error in the report

batch_size = 64
for epoch in range(15):
    model.train()
    perm = torch.randperm(len(X))
    for i in range(0, len(X), batch_size):
        idx = perm[i:i + batch_size]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} mae {loss.item():.4f}")

model.eval()
with torch.no_grad():
    pred = model(X)
r2 = 1 - torch.mean((pred - Y) ** 2) / torch.var(Y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
