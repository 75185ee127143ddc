# Rebuilt from: https://stackoverflow.com/questions/46686924/why-scaling-data-is-very-important-in-neural-networklstm
# Report: master-thesis LSTM on a time series: scaling the data changes the result a lot; with tanh
#   and the values brought into [-1, 1] the model converges much faster and the validation error stops
#   jumping around. Without scaling, training is slow and erratic.
# Fixed twin of 167_load_lstm_unscaled.py: the load is scaled to [-1, 1] with MinMaxScaler before
#   windowing (as in the question) and predictions are inverse-transformed to MW for the score
# Our own code, written after the report (not copied from it); synthetic load series generated below
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.preprocessing import MinMaxScaler

np.random.seed(1)
torch.manual_seed(1)
torch.set_num_threads(1)

LOOKBACK = 24


def load_series(n_hours=24 * 25):
    h = np.arange(n_hours)
    daily = 280 * np.sin(2 * np.pi * (h % 24 - 7) / 24)
    weekly = 90 * np.sin(2 * np.pi * h / (24 * 7))
    load_mw = 1300 + daily + weekly + np.random.normal(0, 25, n_hours)
    return load_mw.astype(np.float32)


class LoadWindows(Dataset):
    def __init__(self, series, lookback):
        self.series, self.lookback = series, lookback

    def __len__(self):
        return len(self.series) - self.lookback

    def __getitem__(self, i):
        window = self.series[i:i + self.lookback]
        x = torch.from_numpy(window).unsqueeze(-1)            # (lookback, 1)
        y = np.float32(self.series[i + self.lookback])        # next hour
        return x, y


class LoadLSTM(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1]).squeeze(1)


load_mw = load_series()
scaler = MinMaxScaler(feature_range=(-1, 1))
series = scaler.fit_transform(load_mw.reshape(-1, 1)).ravel().astype(np.float32)
train_ds = LoadWindows(series, LOOKBACK)
loader = DataLoader(train_ds, batch_size=32, shuffle=True)

model = LoadLSTM()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
criterion = nn.MSELoss()
for epoch in range(25):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    xs, ys = next(iter(DataLoader(train_ds, batch_size=len(train_ds))))
    pred = scaler.inverse_transform(model(xs).numpy().reshape(-1, 1)).ravel()
y_true = scaler.inverse_transform(ys.numpy().reshape(-1, 1)).ravel()
r2 = 1 - np.mean((pred - y_true) ** 2) / np.var(y_true)
print(f"RESULT r2={r2:.3f}")
