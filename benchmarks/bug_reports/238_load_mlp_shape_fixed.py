# Rebuilt from: https://runebook.dev/zh/docs/pytorch/generated/torch.nn.mseloss/torch.nn.MSELoss
# Report: A blog post on MSELoss pitfalls for regression (prices, temperatures, loads): the top pitfall is a
#   model output of shape (B, 1) compared against a target of shape (B,); the model trains but does not fit,
#   and the advice is to unsqueeze the target (or squeeze the prediction) so both have the same shape.
# Fixed twin of 238_load_mlp_shape.py: the target is unsqueezed to (B, 1) before criterion(pred, yb) in train()
# Our own code, written after the report (not copied from it); hourly load data is synthetic, built in load_data()
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


def load_data(n_hours=1500):
    idx = pd.date_range("2022-01-01", periods=n_hours, freq="h")
    df = pd.DataFrame(index=idx)
    df["temp_c"] = 12 + 10 * np.sin(2 * np.pi * (idx.day_of_year - 100) / 365) + 4 * np.sin(2 * np.pi * (idx.hour - 9) / 24) \
        + np.random.normal(0, 1.5, n_hours)
    hour = idx.hour.values
    daily = 120 * np.clip(np.sin(np.pi * (hour - 6) / 14), 0, None) + 60 * (hour >= 18) * (hour <= 21)
    weekend = np.where(idx.day_of_week.values >= 5, -80, 0)
    df["load_mw"] = 620 + daily + weekend + 6 * np.abs(df["temp_c"] - 16) + np.random.normal(0, 15, n_hours)
    # feature engineering the usual way: lags, rolling mean, calendar one-hot
    df["lag_1"] = df["load_mw"].shift(1)
    df["lag_24"] = df["load_mw"].shift(24)
    df["roll_24"] = df["load_mw"].shift(1).rolling(24).mean()
    cal = pd.get_dummies(pd.DataFrame({"hour": idx.hour, "dow": idx.day_of_week}, index=idx).astype(str), dtype=float)
    df = pd.concat([df, cal], axis=1).dropna()
    return df


class LoadDataset(Dataset):
    def __init__(self, df, feat_cols, mu, sd, y_mu, y_sd):
        self.X = ((df[feat_cols] - mu) / sd).values.astype(np.float32)
        self.y = ((df["load_mw"] - y_mu) / y_sd).values.astype(np.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return torch.tensor(self.X[i]), torch.tensor(self.y[i])


def train(model, loader, epochs=15, lr=2e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    criterion = nn.MSELoss()
    for ep in range(epochs):
        total = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            pred = model(xb)
            loss = criterion(pred, yb.unsqueeze(1))
            loss.backward()
            opt.step()
            total += loss.item() * len(xb)
        if ep % 5 == 0:
            print(f"epoch {ep} train loss {total / len(loader.dataset):.4f}")


df = load_data()
feat_cols = [c for c in df.columns if c != "load_mw"]
num_cols = ["temp_c", "lag_1", "lag_24", "roll_24"]
mu = pd.Series(0.0, index=feat_cols); sd = pd.Series(1.0, index=feat_cols)
mu[num_cols] = df[num_cols].mean(); sd[num_cols] = df[num_cols].std()
y_mu, y_sd = df["load_mw"].mean(), df["load_mw"].std()
ds = LoadDataset(df, feat_cols, mu, sd, y_mu, y_sd)
loader = DataLoader(ds, batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(len(feat_cols), 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))
train(model, loader)

with torch.no_grad():
    X_all = torch.tensor(ds.X)
    y_all = torch.tensor(ds.y)
    p = model(X_all).view(-1)
    r2 = 1 - torch.mean((p - y_all) ** 2) / torch.var(y_all, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
