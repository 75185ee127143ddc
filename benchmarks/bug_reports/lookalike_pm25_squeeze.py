# Rebuilt from: https://github.com/KurochkinAlexey/IMV_LSTM/blob/master/IMV_Full_LSTM_pm25.ipynb
# Report: Public notebook forecasting next-hour Beijing PM2.5 from lagged pollution/weather columns with an
#   interpretable LSTM; the network returns (B, 1) while the DataLoader yields targets of shape (B,).
# Not a bug (a look-alike that must stay silent): the loop calls y_pred.squeeze(1) before MSELoss, so both
#   arguments are (B,); inputs are min-max scaled with the training min/max.
# Our own code, written after the report (not copied from it); synthetic hourly data generated in the script
import numpy as np
import pandas as pd
import torch
from torch import nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(3)

n = 600
ts = pd.date_range("2014-01-01", periods=n, freq="h")
data = pd.DataFrame({"DEWP": rng.normal(-5, 8, n), "TEMP": rng.normal(5, 6, n), "PRES": rng.normal(1020, 6, n),
                     "Iws": rng.gamma(2, 10, n)}, index=ts)
pm = np.zeros(n)
for i in range(1, n):
    pm[i] = 0.85 * pm[i - 1] + 15 + 1.5 * data["DEWP"].iloc[i] - 0.4 * data["Iws"].iloc[i] + rng.normal(0, 8)
data["pm2.5"] = np.clip(pm + 60, 0, None)
cols = ["pm2.5", "DEWP", "TEMP", "PRES", "Iws"]
depth = 8
X = np.zeros((n, depth, len(cols)))
for i, name in enumerate(cols):
    for j in range(depth):
        X[:, j, i] = data[name].shift(depth - j - 1).bfill()
y = data["pm2.5"].shift(-1).ffill().values
X_min, X_max = X.min(axis=0), X.max(axis=0)
X = (X - X_min) / (X_max - X_min + 1e-9)
y = (y - y.min()) / (y.max() - y.min() + 1e-9)
X_t, y_t = torch.Tensor(X), torch.Tensor(y)
train_loader = DataLoader(TensorDataset(X_t, y_t), batch_size=64, shuffle=True)


class LSTMReg(nn.Module):
    def __init__(self, n_in, n_units=32):
        super().__init__()
        self.lstm = nn.LSTM(n_in, n_units, batch_first=True)
        self.Phi = nn.Linear(n_units, 1)

    def forward(self, x):
        h, _ = self.lstm(x)
        return self.Phi(h[:, -1])          # (B, 1)


model = LSTMReg(len(cols))
opt = torch.optim.Adam(model.parameters(), lr=0.005)
loss = nn.MSELoss()
for i in range(25):
    for batch_x, batch_y in train_loader:
        opt.zero_grad()
        y_pred = model(batch_x)
        y_pred = y_pred.squeeze(1)
        l = loss(y_pred, batch_y)
        l.backward()
        opt.step()
with torch.no_grad():
    p = model(X_t).squeeze(1)
print(f"RESULT r2={1 - ((p - y_t) ** 2).mean().item() / y_t.var(unbiased=False).item():.3f}")
