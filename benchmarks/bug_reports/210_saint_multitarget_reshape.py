# Rebuilt from: https://github.com/somepago/saint/issues/25
# Report: User switched a SAINT-style tabular regressor from one label column to several (y_dim = n > 1).
#   Training ran but the model "does not work"; there was a mix-up with the dimensions. The fix was to
#   change y[indices].reshape(-1, 1) in data_split() to y[indices].reshape(-1, y_dim).
# Bug (planted: TL001): data_split() still flattens the (N, 3) target block with reshape(-1, 1), so each batch
#   target is (B, 1) (and no longer row-aligned) while the head outputs (B, 3); nn.MSELoss broadcasts them.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

TARGETS = ["load_kw", "emission_idx", "cost_idx"]


def load_frame(n=600):
    rng = np.random.default_rng(0)
    df = pd.DataFrame({
        "temp_c": rng.normal(18, 6, n),
        "humidity": rng.uniform(20, 90, n),
        "wind_ms": rng.gamma(2.0, 2.0, n),
        "hour": rng.integers(0, 24, n),
    })
    h = np.sin(df.hour / 24 * 2 * np.pi)
    df["load_kw"] = 0.08 * df.temp_c + 0.5 * h - 0.05 * df.wind_ms + rng.normal(0, 0.1, n)
    df["emission_idx"] = 0.6 * df.load_kw + 0.01 * df.humidity + rng.normal(0, 0.1, n)
    df["cost_idx"] = 0.9 * df.load_kw - 0.3 * h + rng.normal(0, 0.1, n)
    return df


def data_split(X, y, indices):
    x_d = {"data": X[indices]}
    y_d = {"data": y[indices].reshape(-1, 1)}
    return x_d, y_d


class TabDataset(Dataset):
    def __init__(self, X, Y, mean_std):
        mean, std = mean_std
        self.X = ((X["data"] - mean) / std).astype(np.float32)
        self.y = Y["data"].astype(np.float32)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, idx):
        return self.X[idx], self.y[idx]


df = load_frame()
feat_cols = ["temp_c", "humidity", "wind_ms", "hour"]
X_all = df[feat_cols].values
y_all = df[TARGETS].values
y_dim = len(TARGETS)
idx = np.arange(len(df))
X_train, y_train = data_split(X_all, y_all, idx)
mean_std = (X_train["data"].mean(0), X_train["data"].std(0))
train_ds = TabDataset(X_train, y_train, mean_std)
loader = DataLoader(train_ds, batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, y_dim))
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(25):
    running = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        y_outs = model(xb)
        loss = criterion(y_outs, yb)
        loss.backward()
        optimizer.step()
        running += loss.item()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {running / len(loader):.4f}")

with torch.no_grad():
    Xt = torch.tensor(((X_all - mean_std[0]) / mean_std[1]).astype(np.float32))
    Yt = torch.tensor(y_all.astype(np.float32))
    pred = model(Xt)
    r2 = 1 - ((pred - Yt) ** 2).mean() / ((Yt - Yt.mean(0)) ** 2).mean()
print(f"RESULT r2={r2.item():.3f}")
