# Rebuilt from: https://github.com/timothyyu/wsae-lstm/issues/7
# Report: For an LSTM on index data, the panel B/C technical indicators sit on ranges so far from the OHLC
#   prices (panel A) that they flatten every other feature when plotted; the author notes the indicators need
#   careful scaling/normalization relative to the price data before training.
# Fixed twin of 267_gru_index_indicators.py: load_data() standardizes every feature column (StandardScaler)
#   before the windows are cut.
# Our own code, written after the report (not copied from it); data file index_panels.csv from make_index_panels.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)

FEATURES = ["close", "volume", "macd", "cci", "atr"]
WINDOW = 10


def load_data(path="index_panels.csv"):
    df = pd.read_csv(path)
    feats = StandardScaler().fit_transform(df[FEATURES].values).astype(np.float32)
    target = df["ret_pct"].values.astype(np.float32)
    X, y = [], []
    for i in range(len(df) - WINDOW - 1):
        X.append(feats[i:i + WINDOW])
        y.append(target[i + WINDOW])   # next day's return in percent
    return np.array(X), np.array(y)


class IndexGRU(nn.Module):
    def __init__(self, n_features, hidden=32):
        super().__init__()
        self.gru = nn.GRU(n_features, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        out, h_n = self.gru(x)
        return self.fc(h_n[-1]).squeeze(-1)


def train(model, loader, epochs=30):
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for epoch in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(xb), yb)
            loss.backward()
            opt.step()
        if epoch % 10 == 0:
            print(f"epoch {epoch} loss {loss.item():.4f}")


X, y = load_data()
X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
loader = DataLoader(TensorDataset(X_t, y_t), batch_size=32, shuffle=True)
model = IndexGRU(len(FEATURES))
train(model, loader)

with torch.no_grad():
    pred = model(X_t)
    r2 = 1 - ((pred - y_t) ** 2).mean() / y_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
