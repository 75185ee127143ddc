# Rebuilt from: https://e-com-net.com/article/1695794721454108672.htm
# Report: Training a forecaster on the author's own multivariate data, the model output became nan
#   from the second batch of the first epoch. No missing values; smaller batch size / lr did not
#   help. The cause turned out to be one feature whose values were far larger than the others.
# Fixed twin of 151_load_windows.py: every input column is standardized (z-score) before windowing.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)

T = 800
t = np.arange(T)
temperature = 18 + 6 * np.sin(2 * np.pi * t / 24) + np.random.randn(T)           # deg C
humidity = 60 + 10 * np.cos(2 * np.pi * t / 24) + 2 * np.random.randn(T)         # %
grid_power_w = 150000 + 40000 * np.sin(2 * np.pi * (t - 3) / 24) + 3000 * np.random.randn(T)
load_mw = 0.5 + grid_power_w / 100000 + 0.05 * temperature + 0.05 * np.random.randn(T)


def make_windows(series, window):
    xs = []
    for i in range(len(series) - window):
        xs.append(series[i:i + window])
    return np.stack(xs)


window = 24
def standardize(c):
    return (c - c.mean()) / c.std()


feats = [make_windows(standardize(c), window) for c in (temperature, humidity, grid_power_w, load_mw)]
target = load_mw[window:]

X = torch.cat([torch.tensor(f, dtype=torch.float32) for f in feats], dim=1)
y = torch.tensor(target, dtype=torch.float32).unsqueeze(1)

model = nn.Sequential(nn.Linear(X.shape[1], 32), nn.ReLU(), nn.Linear(32, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)

batch_size = 32
for epoch in range(15):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        out = model(X[idx])
        loss = criterion(out, y[idx])
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print("epoch", epoch, "loss", loss.item())

with torch.no_grad():
    pred = model(X)
    r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
