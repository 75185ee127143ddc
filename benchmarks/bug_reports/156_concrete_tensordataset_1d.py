# Rebuilt from: https://github.com/aleximmer/Laplace/issues/235
# Report: With one-dimensional targets built as Y = torch.randn((N,)) and wrapped in a TensorDataset next to
#   an nn.Linear(in_d, 1) model, results were silently wrong; using Y of shape (N, 1) gave the correct answer.
#   PyTorch did print a warning, but "it's really easy to overlook when lots of other output is produced".
# Bug (planted: TL001): y_train_t is built from a 1-D numpy column, so TensorDataset yields targets of shape
#   (B,) while the nn.Sequential model outputs (B, 1); F.mse_loss in train_one_epoch broadcasts to (B, B).
# Our own code, written after the report (not copied from it); data: concrete.csv from make_concrete.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
np.random.seed(0)
pd.set_option("display.width", 140)

# ---------- EDA: lots of output, as in a typical notebook ----------
data = pd.read_csv("concrete.csv")
print(data.info())
print(data.head(10))
print(data.describe())
print("duplicated rows:", data.duplicated().sum())
print(data.corr().round(2))
for col in data.columns[:-1]:
    print(f"{col:20s} skew={data[col].skew():6.2f}  zeros={int((data[col] == 0).sum())}")
print(data.groupby("age")["strength"].agg(["count", "mean", "std"]).round(2))

# ---------- features / target ----------
feature_cols = [c for c in data.columns if c != "strength"]
X = data[feature_cols].to_numpy(dtype=np.float32)
y = data["strength"].to_numpy(dtype=np.float32)
X[:, -1] = np.log1p(X[:, -1])                     # age in days -> log days

X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.15, random_state=0)
mu, sd = X_tr.mean(0), X_tr.std(0)
X_tr, X_va = (X_tr - mu) / sd, (X_va - mu) / sd
y_mean, y_std = y_tr.mean(), y_tr.std()

X_train_t = torch.tensor(X_tr)
y_train_t = torch.tensor((y_tr - y_mean) / y_std)
X_valid_t = torch.tensor(X_va)
y_valid_t = torch.tensor((y_va - y_mean) / y_std)

train_ds = TensorDataset(X_train_t, y_train_t)
train_dl = DataLoader(train_ds, batch_size=32, shuffle=True)
print("one batch:", [t.shape for t in next(iter(train_dl))])

model = nn.Sequential(
    nn.Linear(len(feature_cols), 64), nn.ReLU(),
    nn.Linear(64, 32), nn.ReLU(),
    nn.Linear(32, 1),
)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)


def train_one_epoch(model, loader, optimizer, criterion):
    model.train()
    total = 0.0
    for xb, yb in loader:
        out = model(xb)
        loss = criterion(out, yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * xb.size(0)
    return total / len(loader.dataset)


@torch.no_grad()
def evaluate(model, X_t, y_t):
    model.eval()
    pred = model(X_t).view(-1)
    target = y_t.view(-1)
    mse = F.mse_loss(pred, target).item()
    return mse, 1.0 - mse / target.var(unbiased=False).item()


for epoch in range(50):
    tr_loss = train_one_epoch(model, train_dl, optimizer, F.mse_loss)
    va_mse, va_r2 = evaluate(model, X_valid_t, y_valid_t)
    if (epoch + 1) % 5 == 0:
        print(f"[{epoch + 1:02d}] train_loss={tr_loss:.4f} val_mse={va_mse:.4f} val_r2={va_r2:.3f}")

_, train_r2 = evaluate(model, X_train_t, y_train_t)
print(f"RESULT r2={train_r2:.3f}")
