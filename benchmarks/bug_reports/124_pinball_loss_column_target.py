# Rebuilt from: https://github.com/ml-stat-Sustech/TorchCP/issues/27
# Report: The user compared TorchCP's PinballLoss with a hand-written per-quantile pinball loss
#   for a 2-quantile regressor and got very different numbers; it then turned out that the
#   "error" tensor inside the hand-written loss was shaped 64x64 instead of 64 because of a shape slip.
# Bug (planted: TL001): the Dataset returns each target as a 1-element array, so batches are (B, 1);
#   quantile_loss_function() subtracts preds[:, i] (B,) from it and the errors become (B, B).
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(0)


def load_data(n=600):
    df = pd.DataFrame({
        "distance_km": rng.uniform(1, 30, n),
        "items": rng.integers(1, 12, n),
        "rush_hour": rng.integers(0, 2, n),
        "rain_mm": rng.exponential(2.0, n),
    })
    noise = rng.normal(0, 1, n) * (2 + 0.3 * df["distance_km"])
    df["delivery_min"] = 10 + 2.2 * df["distance_km"] + 1.5 * df["items"] + 8 * df["rush_hour"] + 1.2 * df["rain_mm"] + noise
    return df


class DeliveryDataset(Dataset):
    def __init__(self, df, feature_cols, target_col):
        X = df[feature_cols].values.astype(np.float32)
        self.X = (X - X.mean(0)) / X.std(0)
        y = df[target_col].values.astype(np.float32)
        self.mu, self.sd = y.mean(), y.std()
        self.y = (y - self.mu) / self.sd

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return self.X[idx], np.array([self.y[idx]], dtype=np.float32)


def quantile_loss_function(preds, target, quantile):
    assert 0 < quantile < 1, "Quantile should be in (0, 1) range"
    errors = target - preds
    loss = torch.max((quantile - 1) * errors, quantile * errors)
    return torch.abs(loss).mean()


quantiles = [0.1, 0.5, 0.9]
df = load_data()
ds = DeliveryDataset(df, ["distance_km", "items", "rush_hour", "rain_mm"], "delivery_min")
loader = DataLoader(ds, batch_size=64, shuffle=True)

model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, len(quantiles)))
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

for epoch in range(60):
    total = 0.0
    for xb, yb in loader:
        pred = model(xb)
        loss = sum(quantile_loss_function(pred[:, i], yb, q) for i, q in enumerate(quantiles))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 20 == 0:
        print(f"epoch {epoch}  pinball {total / len(loader):.4f}")

model.eval()
with torch.no_grad():
    X_all = torch.from_numpy(ds.X)
    y_all = torch.from_numpy(ds.y)
    median = model(X_all)[:, 1]
    coverage = ((y_all > model(X_all)[:, 0]) & (y_all < model(X_all)[:, 2])).float().mean()
print(f"80% interval coverage: {coverage.item():.3f}")
r2 = 1 - torch.mean((median.view(-1) - y_all.view(-1)) ** 2) / torch.var(y_all, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
