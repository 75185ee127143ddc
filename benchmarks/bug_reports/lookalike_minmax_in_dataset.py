# Rebuilt from: https://github.com/maxjcohen/transformer/issues/45
# Report: A user trains the repo's sequence model on their own building data; the attached CSV holds raw
#   values, so the maintainer asks "your dataset doesn't seem to be normalized". The user replies that
#   the Min-Max normalization in src/dataset.py is applied when the data is loaded.
# Not a bug (a look-alike that must stay silent): the CSV columns are raw (ppm, kW, persons), but the
#   Dataset class min-max scales every feature and the target in __init__, before any window is served.
# Our own code, written after the report (not copied from it); data: building_energy.csv from make_building_energy.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

FEATURES = ["outdoor_temp_c", "occupancy", "co2_ppm"]
TARGET = "power_kw"
SEQ = 12


class BuildingDataset(Dataset):
    def __init__(self, path):
        df = pd.read_csv(path, parse_dates=["timestamp"])
        raw_x = df[FEATURES].values.astype(np.float32)
        raw_y = df[[TARGET]].values.astype(np.float32)
        # Min-Max normalization, as in the repo's dataset module
        self.x_min, self.x_max = raw_x.min(0), raw_x.max(0)
        self.y_min, self.y_max = raw_y.min(0), raw_y.max(0)
        self.x = (raw_x - self.x_min) / (self.x_max - self.x_min)
        self.y = (raw_y - self.y_min) / (self.y_max - self.y_min)

    def __len__(self):
        return len(self.x) - SEQ + 1

    def __getitem__(self, i):
        return torch.from_numpy(self.x[i:i + SEQ]), torch.from_numpy(self.y[i:i + SEQ])


class SeqModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(len(FEATURES), 16, batch_first=True)
        self.out = nn.Linear(16, 1)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h)            # (B, SEQ, 1), same as the target windows


ds = BuildingDataset("building_energy_tsa.csv")
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = SeqModel()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.MSELoss()
for epoch in range(25):
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    X = torch.from_numpy(ds.x).unsqueeze(0)
    Y = torch.from_numpy(ds.y).unsqueeze(0)
    pred = model(X)
    r2 = 1 - ((pred - Y) ** 2).mean() / Y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
