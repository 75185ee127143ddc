# Rebuilt from: https://blog.csdn.net/Five_L/article/details/149088309
# Report: (Chinese blog) A tiny 3-layer binary classifier has loss = nan from the very first step.
#   Learning rate, NaN filling and "inputs not normalized" were ruled out (continuous features were
#   standardized). Printing layer outputs showed some continuous columns were all 0, so mean and
#   std were 0 and standardization produced 0/0 = nan; dropping those columns fixed training.
# Not a bug (a look-alike that must stay silent): the raw columns look like unscaled counts/amounts,
#   but standardize() z-scores every kept column before training and drops the zero-variance ones.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)


def load_frame(n=600):
    df = pd.DataFrame({
        "visits_30d": np.random.poisson(12, n).astype(float),
        "spend_30d": np.random.gamma(2.0, 150.0, n),
        "coupon_used": np.zeros(n),          # never filled in this export
        "refunds": np.zeros(n),              # never filled in this export
        "days_since_signup": np.random.randint(1, 1500, n).astype(float),
    })
    logit = 0.15 * (df.visits_30d - 12) + 0.006 * (df.spend_30d - 300) - 0.001 * (df.days_since_signup - 750)
    df["churn"] = (logit + np.random.normal(0, 0.5, n) > 0).astype(float)
    return df


def standardize(df, cols):
    std = df[cols].std()
    keep = [c for c in cols if std[c] > 0]     # constant columns would give 0/0
    X = (df[keep] - df[keep].mean()) / df[keep].std()
    return X.values.astype(np.float32), keep


df = load_frame()
feature_cols = ["visits_30d", "spend_30d", "coupon_used", "refunds", "days_since_signup"]
X, kept = standardize(df, feature_cols)
print("kept columns:", kept)
y = df["churn"].values.astype(np.float32).reshape(-1, 1)

ds = TensorDataset(torch.from_numpy(X), torch.from_numpy(y))
loader = DataLoader(ds, batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(X.shape[1], 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

for epoch in range(40):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    logits = model(torch.from_numpy(X))
    acc = ((logits > 0).float() == torch.from_numpy(y)).float().mean().item()
print(f"RESULT acc={acc:.3f}")
