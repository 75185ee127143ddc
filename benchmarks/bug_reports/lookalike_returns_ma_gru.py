# Rebuilt from: https://datascience.stackexchange.com/questions/93570/lstm-for-stock-return-prediction
# Report: A thesis project feeds an LSTM the past 50 days of daily stock returns, then adds 3/5/10/25/50-day moving
#   averages of the returns as features (6 inputs) and sees the model overfit; answers discuss whether markets are
#   predictable at all. Nobody flags the inputs: they are returns, not prices.
# Not a bug (a look-alike that must stay silent): the features are never passed through a scaler, but daily returns
#   and their moving averages are already stationary, zero-centred and of the same order (~1e-2); Adam trains fine.
# Our own code, written after the report (not copied from it); synthetic daily returns built in-script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)

def make_frame(n=900):
    r = np.zeros(n)
    for t in range(1, n):
        r[t] = 0.6 * r[t - 1] + rng.normal(0, 0.01)
    df = pd.DataFrame({"ret": r})
    for w in (3, 5, 10, 25, 50):
        df[f"ma{w}"] = df["ret"].rolling(w).mean()
    df["target"] = df["ret"].shift(-1)
    return df.dropna().reset_index(drop=True)

def make_windows(df, lookback=20):
    feats = df[["ret", "ma3", "ma5", "ma10", "ma25", "ma50"]].values.astype(np.float32)
    X = np.stack([feats[i - lookback:i] for i in range(lookback, len(df))])
    y = df["target"].values[lookback - 1:len(df) - 1].astype(np.float32).reshape(-1, 1)
    return torch.from_numpy(X), torch.from_numpy(y)

class GRUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(6, 16, batch_first=True)
        self.fc = nn.Linear(16, 1)
    def forward(self, x):
        out, _ = self.gru(x)
        return self.fc(out[:, -1, :])

X, y = make_windows(make_frame())
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
model = GRUNet()
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
crit = nn.MSELoss()
for epoch in range(12):
    for xb, yb in loader:
        opt.zero_grad()
        loss = crit(model(xb), yb)
        loss.backward()
        opt.step()

with torch.no_grad():
    p = model(X)
r2 = 1 - ((p - y) ** 2).mean().item() / y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
