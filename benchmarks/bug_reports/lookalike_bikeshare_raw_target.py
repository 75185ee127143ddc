# Rebuilt from: https://baliuzeger.github.io/sjl/blog/2022/kionge_3_sharebike
# Report: Capital Bikeshare hourly predictor; the author tried training on the unnormalized target (raw rental
#   counts, hundreds of bikes). With sigmoid hidden units predictions became discrete; with ReLU the
#   unnormalized target trained without significant unwanted effects.
# Not a bug (a look-alike that must stay silent): only the TARGET is in raw counts; the inputs are one-hot
#   dummies (pd.get_dummies of season/hr/weekday) plus temp/hum/windspeed already normalized to [0, 1], and the
#   net uses ReLU + Adam, so it trains fine.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)

n = 600
df = pd.DataFrame({
    "dteday": pd.date_range("2011-01-01", periods=n, freq="h"),
    "temp": rng.uniform(0.02, 1.0, n),        # already normalized in the UCI data
    "hum": rng.uniform(0.0, 1.0, n),
    "windspeed": rng.uniform(0.0, 0.85, n),
    "weathersit": rng.integers(1, 4, n),
})
df["hr"] = df["dteday"].dt.hour
df["weekday"] = df["dteday"].dt.weekday
df["season"] = (df["dteday"].dt.month % 12) // 3 + 1
rush = df["hr"].isin([8, 17, 18]).astype(float)
df["cnt"] = (40 + 300 * rush + 150 * df["temp"] - 60 * df["hum"] - 30 * (df["weathersit"] - 1)
             + 40 * (df["weekday"] < 5) + rng.normal(0, 15, n)).clip(1, None).round()

feats = pd.get_dummies(df[["season", "hr", "weekday", "weathersit"]].astype(str), dtype=float)
feats = pd.concat([feats, df[["temp", "hum", "windspeed"]]], axis=1)
X = torch.tensor(feats.values, dtype=torch.float32)
y = torch.tensor(df["cnt"].values, dtype=torch.float32).unsqueeze(1)   # raw counts, (N, 1)

model = nn.Sequential(nn.Linear(X.shape[1], 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()
for step in range(800):
    idx = torch.randint(0, n, (64,))
    loss = loss_fn(model(X[idx]), y[idx])
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 200 == 0:
        print(step, round(loss.item(), 1))

with torch.no_grad():
    pred = model(X)
r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
