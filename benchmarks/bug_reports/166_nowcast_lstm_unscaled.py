# Rebuilt from: https://github.com/dhopp1/nowcast_lstm/issues/12
# Report: nowcasting a weekly series with an LSTM on weekly/daily indicators gave an RMSE of about
#   45,000, far worse than an ARMA model. Maintainer: the variables are on very different scales
#   (trade ~4000, oil price ~80, oil volume ~8,000,000); min-max scale them so the LSTM can work.
# Bug (planted: TL002): raw columns (USD millions, USD/barrel, barrels) are windowed and fed to the
#   LSTM as they are, and the target is left in USD millions.
# Our own code, written after the report (not copied from it); data: nowcast_trade.csv (make_nowcast.py)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

FEATURES = ["trade_musd", "oil_price_usd", "oil_volume_bbl"]
TARGET = "trade_musd"
N_TIMESTEPS = 8


def make_windows(frame, n_timesteps):
    # features of weeks t-n+1..t (trade itself only up to t-1, it is published with a lag)
    data = frame[FEATURES].to_numpy(dtype=np.float32).copy()
    data[1:, 0] = data[:-1, 0]
    X, y = [], []
    for t in range(n_timesteps, len(frame)):
        X.append(data[t - n_timesteps + 1:t + 1])
        y.append(frame[TARGET].iloc[t])
    return np.stack(X), np.asarray(y, dtype=np.float32)


class NowcastLSTM(nn.Module):
    def __init__(self, n_features, n_hidden=20):
        super().__init__()
        self.lstm = nn.LSTM(n_features, n_hidden, batch_first=True)
        self.out = nn.Linear(n_hidden, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.out(h[-1]).squeeze(-1)


class Trainer:
    def __init__(self, model, lr=0.01, batch_size=32):
        self.model, self.batch_size = model, batch_size
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        self.crit = nn.MSELoss()

    def fit(self, X, y, epochs):
        for epoch in range(epochs):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), self.batch_size):
                idx = perm[i:i + self.batch_size]
                self.opt.zero_grad()
                loss = self.crit(self.model(X[idx]), y[idx])
                loss.backward()
                self.opt.step()
            if epoch % 20 == 0:
                print(f"epoch {epoch} rmse {loss.item() ** 0.5:.3f}")

    def predict(self, X):
        with torch.no_grad():
            return self.model(X).numpy()


df = pd.read_csv("nowcast_trade.csv")
X_np, y_np = make_windows(df, N_TIMESTEPS)

X_train = torch.from_numpy(X_np)
y_train = torch.from_numpy(y_np)
trainer = Trainer(NowcastLSTM(len(FEATURES)))
trainer.fit(X_train, y_train, epochs=60)
pred = trainer.predict(X_train)

rmse = float(np.sqrt(np.mean((pred - y_np) ** 2)))
r2 = 1 - np.mean((pred - y_np) ** 2) / np.var(y_np)
print(f"train RMSE {rmse:.1f}")
print(f"RESULT r2={r2:.3f}")
