# Rebuilt from: https://github.com/alexeygrigorev/libffm-python/issues/5
# Report: "Train returns NaN with large field values": with a numeric field value of 32..100 the
#   click model trains, raising one value to 200-300 makes every prediction nan. Maintainer: standardize
#   the numerical fields before putting them into any SGD-based algorithm (e.g. StandardScaler).
# Bug (planted: TL002): the numeric columns (session seconds up to ~3000, page views, hour) reach the
#   model unscaled through the Dataset's __getitem__, next to one-hot site/device columns; SGD blows up.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(0)
torch.manual_seed(0)

n = 500
df = pd.DataFrame({
    "site_category": np.random.choice(["news", "sports", "shop", "games"], n),
    "device_type": np.random.choice(["mobile", "desktop", "tablet"], n),
    "hour": np.random.randint(0, 24, n),
    "session_seconds": np.random.gamma(2.0, 400.0, n).round(),
    "page_views": np.random.poisson(12, n),
})
logit = (df["session_seconds"] - 800) / 300 + 1.0 * (df["site_category"] == "shop") \
    - 0.8 * (df["device_type"] == "tablet") + 0.1 * (df["page_views"] - 12)
df["click"] = (logit + np.random.logistic(size=n) * 0.3 > 0).astype(int)

NUMERIC = ["hour", "session_seconds", "page_views"]
frame = pd.get_dummies(df.drop(columns=["click"]), columns=["site_category", "device_type"], dtype=float)


class ClickDataset(Dataset):
    def __init__(self, frame, labels):
        self.frame = frame.reset_index(drop=True)
        self.labels = labels.reset_index(drop=True)

    def __len__(self):
        return len(self.frame)

    def __getitem__(self, idx):
        row = self.frame.iloc[idx]
        x = torch.tensor(row.values.astype(np.float32))
        y = torch.tensor([float(self.labels.iloc[idx])])
        return x, y


ds = ClickDataset(frame, df["click"])
loader = DataLoader(ds, batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(frame.shape[1], 8), nn.Tanh(), nn.Linear(8, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)


def train(model, loader, epochs=8):
    for epoch in range(epochs):
        total = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item()
        print(f"epoch {epoch} loss {total / len(loader):.4f}")


train(model, loader)

with torch.no_grad():
    X_all = torch.tensor(frame.values.astype(np.float32))
    y_all = torch.tensor(df["click"].values, dtype=torch.float32).unsqueeze(1)
    acc = ((torch.sigmoid(model(X_all)) > 0.5).float() == y_all).float().mean().item()
print("click rate", df["click"].mean())
print(f"RESULT acc={acc:.3f}")
