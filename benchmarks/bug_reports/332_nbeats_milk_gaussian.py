# Rebuilt from: https://github.com/unit8co/darts/issues/1788
# Report: An N-BEATS model trained on monthly series gave plausible forecasts in deterministic mode, but with a
#   GaussianLikelihood (probabilistic mode) the predicted means/medians were implausible and not of the same magnitude;
#   once a Scaler was applied to the series beforehand, both versions gave comparable forecasts.
# Bug (planted: TL002): the N-BEATS-style blocks are fed the raw input windows of pounds_per_cow (~550-1150) and
#   learn a Gaussian head on the raw scale; no per-series scaler is fitted before windowing.
# Our own code, written after the report (not copied from it); data: milk_farms.csv from make_milk.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)
IN_LEN, OUT_LEN = 24, 6

df = pd.read_csv("milk_farms.csv", parse_dates=["month"])
series = {fid: g.sort_values("month")["pounds_per_cow"].values.astype(np.float32)
          for fid, g in df.groupby("farm_id")}

def make_windows(values):
    X, Y = [], []
    for i in range(len(values) - IN_LEN - OUT_LEN + 1):
        X.append(values[i:i + IN_LEN])
        Y.append(values[i + IN_LEN:i + IN_LEN + OUT_LEN])
    return np.stack(X), np.stack(Y)

Xs, Ys = zip(*[make_windows(v) for v in series.values()])
X = torch.tensor(np.concatenate(Xs))
Y = torch.tensor(np.concatenate(Ys))

class Block(nn.Module):
    def __init__(self, width=64):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(IN_LEN, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU())
        self.backcast = nn.Linear(width, IN_LEN)
        self.forecast = nn.Linear(width, OUT_LEN * 2)   # mu and raw sigma per horizon step

    def forward(self, x):
        h = self.fc(x)
        return self.backcast(h), self.forecast(h)

class NBeatsGaussian(nn.Module):
    def __init__(self, n_blocks=3):
        super().__init__()
        self.blocks = nn.ModuleList([Block() for _ in range(n_blocks)])

    def forward(self, x):
        out = 0
        for b in self.blocks:
            back, fc = b(x)
            x = x - back
            out = out + fc
        mu, s = out[:, :OUT_LEN], out[:, OUT_LEN:]
        return mu, F.softplus(s) + 1e-3

model = NBeatsGaussian()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
nll = nn.GaussianNLLLoss()
for epoch in range(40):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 64):
        idx = perm[i:i + 64]
        mu, sigma = model(X[idx])
        loss = nll(mu, Y[idx], sigma ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} nll {loss.item():.3f}")

with torch.no_grad():
    mu, _ = model(X)
r2 = 1 - ((mu - Y) ** 2).mean() / Y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
