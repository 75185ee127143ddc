# Rebuilt from: https://github.com/Shubble-LLC/shubble/pull/353
# Report: Campus-shuttle ETA LSTM (issue #348 "normalize features lstm") gave poor error metrics. The PR says
#   "The problem was that latitude, longitude were on different scales than velocity" and scales the input
#   values (scalers saved as pkl files), after which the error metrics improved.
# Fixed twin of 223_shuttle_eta_lstm.py: lat/lon/speed standardized with a StandardScaler fit on all pings
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.preprocessing import StandardScaler

torch.manual_seed(1)
rng = np.random.default_rng(1)

SEQ_LEN = 8
LOOP_MIN = 14.0  # minutes for one loop back to the Student Union stop


def load_pings(n_seq=600):
    """Windows of (lat, lon, speed_mph) pings; target = minutes until arrival at the stop."""
    start = rng.uniform(0, 1, n_seq)
    speed = rng.uniform(8, 25, (n_seq, SEQ_LEN))
    step = speed / 25.0 * 0.012
    s = (start[:, None] + np.cumsum(step, axis=1)) % 1.0
    lat = 42.7300 + 0.0040 * np.cos(2 * np.pi * s) + rng.normal(0, 2e-5, s.shape)
    lon = -73.6770 + 0.0060 * np.sin(2 * np.pi * s) + rng.normal(0, 2e-5, s.shape)
    feats = np.stack([lat, lon, speed], axis=-1)
    eta = (1.0 - s[:, -1]) * LOOP_MIN * (16.0 / speed[:, -3:].mean(axis=1)) ** 0.3
    return feats.astype('float32'), eta.astype('float32')


class PingDataset(Dataset):
    def __init__(self, feats, eta):
        self.feats, self.eta = feats, eta

    def __len__(self):
        return len(self.eta)

    def __getitem__(self, i):
        return torch.from_numpy(self.feats[i]), torch.tensor([self.eta[i]])


class EtaLSTM(nn.Module):
    def __init__(self, n_in=3, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hidden, num_layers=1, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        h, _ = self.lstm(x)
        return self.out(h[:, -1, :])


def train(model, loader, epochs=25, lr=3e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    crit = nn.MSELoss()
    for ep in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss = crit(model(xb), yb)
            loss.backward()
            opt.step()
        if ep % 10 == 0:
            print(f'epoch {ep} loss {loss.item():.3f}')
    return model


feats, eta = load_pings()
scaler = StandardScaler().fit(feats.reshape(-1, 3))
feats = scaler.transform(feats.reshape(-1, 3)).reshape(feats.shape).astype('float32')
ds = PingDataset(feats, eta)
model = train(EtaLSTM(), DataLoader(ds, batch_size=64, shuffle=True))

with torch.no_grad():
    X = torch.from_numpy(ds.feats)
    y = torch.from_numpy(ds.eta).unsqueeze(1)
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f'RESULT r2={r2.item():.3f}')
