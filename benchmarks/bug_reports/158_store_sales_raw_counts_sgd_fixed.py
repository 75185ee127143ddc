# Rebuilt from: https://datascience.stackexchange.com/questions/124915/does-learning-rate-depend-on-input-and-output-range
# Report: Working gradient descent by hand, inputs spanning 1..100 gave a weight gradient of ~-50000 while
#   inputs spanning 1..10 gave ~50, so the first needed a tiny learning rate. Answer: networks struggle with
#   values that cross orders of magnitude; preprocess them, e.g. x' = log(x + 1), instead of tuning the lr.
# Fixed twin of 158_store_sales_raw_counts_sgd.py: the count features are log1p-transformed (the answer's x' = log(x + 1)) before training with SGD.
# Our own code, written after the report (not copied from it); data: store_ads.csv from make_store_ads.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split

SEED = 2024
torch.manual_seed(SEED)
np.random.seed(SEED)

sales = pd.read_csv("store_ads.csv")
print(sales.head())
print(sales.describe().T[["min", "50%", "max"]])
print("orders of magnitude per column:")
print(np.log10(sales.drop(columns="weekly_sales_k").max() + 1).round(1))
print(sales.corr(method="spearman")["weekly_sales_k"].round(3))

FEATURES = ["store_visits", "ad_impressions", "promo_days", "competitor_stores"]
X = np.log1p(sales[FEATURES].values).astype(np.float32)
y = sales["weekly_sales_k"].values.astype(np.float32).reshape(-1, 1)

X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=SEED)
train_ds = TensorDataset(torch.from_numpy(X_train), torch.from_numpy(y_train))
val_ds = TensorDataset(torch.from_numpy(X_val), torch.from_numpy(y_val))
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=64)


class SalesRegressor(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.hidden = nn.Linear(n_features, 16)
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        return self.head(torch.relu(self.hidden(x)))


def train_one_epoch(model, loader, optimizer, criterion):
    model.train()
    epoch_loss, n = 0.0, 0
    for features, target in loader:
        optimizer.zero_grad()
        loss = criterion(model(features), target)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * len(target)
        n += len(target)
    return epoch_loss / n


@torch.no_grad()
def evaluate(model, loader):
    model.eval()
    preds, targets = [], []
    for features, target in loader:
        preds.append(model(features))
        targets.append(target)
    preds, targets = torch.cat(preds), torch.cat(targets)
    mse = torch.mean((preds - targets) ** 2)
    return mse.item(), (1 - mse / targets.var(unbiased=False)).item()


model = SalesRegressor(len(FEATURES))
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
criterion = nn.MSELoss()

for epoch in range(1, 61):
    train_loss = train_one_epoch(model, train_loader, optimizer, criterion)
    if epoch % 10 == 0 or epoch == 1:
        val_mse, val_r2 = evaluate(model, val_loader)
        print(f"Epoch {epoch:02d}  train_loss={train_loss:.4f}  val_mse={val_mse:.4f}  val_r2={val_r2:.3f}")

_, r2 = evaluate(model, DataLoader(train_ds, batch_size=256))
print(f"RESULT r2={r2:.3f}")
