# Rebuilt from: https://github.com/NVlabs/stylegan3/issues/171
# Report: "Unintentional broadcasting of loss_Dr1": loss_Dreal has shape (batch, 1) and loss_Dr1 has shape
#   (batch,), so (loss_Dreal + loss_Dr1) silently broadcasts to (batch, batch). Reply: "Since you are doing the
#   mean afterwards, it doesn't matter."
# Not a bug (a look-alike that must stay silent): per_sample_mse is (B, 1) and act_penalty is (B,), their sum is
#   (B, B), but it is only ever reduced with .mean(), and mean_ij(a_i + b_j) = mean(a) + mean(b), so the loss and
#   its gradients are exactly those of the intended per-sample sum. The MSE itself compares (B, 1) with (B, 1).
# Our own code, written after the report (not copied from it); data: wine_quality.csv from make_wine_quality.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(11)
np.random.seed(11)

wine = pd.read_csv("wine_quality.csv")
print(wine.shape)
print(wine.head())
print(wine.describe().T[["mean", "std", "min", "max"]].round(3))
print(wine.corr()["quality"].drop("quality").sort_values().round(3))

features = [c for c in wine.columns if c != "quality"]
X = StandardScaler().fit_transform(wine[features].values).astype(np.float32)
y = wine["quality"].values.astype(np.float32)[:, None]          # (N, 1)
X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=11)
y_center = float(y_tr.mean())

train_ds = TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr - y_center))
valid_ds = TensorDataset(torch.from_numpy(X_va), torch.from_numpy(y_va - y_center))
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)


class WineNet(nn.Module):
    def __init__(self, n_in, hidden=32):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_in, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        h = self.body(x)
        return self.head(h), h


def train_one_epoch(model, loader, optimizer, criterion, act_weight=1e-3):
    model.train()
    running = 0.0
    for xb, yb in loader:
        pred, hidden = model(xb)
        per_sample_mse = criterion(pred, yb)                 # (B, 1), reduction='none'
        act_penalty = act_weight * hidden.pow(2).mean(dim=1)  # (B,)
        loss = (per_sample_mse + act_penalty).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running += loss.item() * len(xb)
    return running / len(loader.dataset)


@torch.no_grad()
def evaluate(model, ds):
    model.eval()
    X_all, y_all = ds.tensors
    pred, _ = model(X_all)
    mse = F.mse_loss(pred, y_all)
    return mse.item(), (1 - mse / y_all.var(unbiased=False)).item()


model = WineNet(len(features))
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-5)
criterion = nn.MSELoss(reduction="none")

for epoch in range(1, 51):
    tr_loss = train_one_epoch(model, train_loader, optimizer, criterion)
    if epoch % 10 == 0:
        va_mse, va_r2 = evaluate(model, valid_ds)
        print(f"epoch {epoch:2d} | train {tr_loss:.4f} | valid mse {va_mse:.4f} | valid r2 {va_r2:.3f}")

print(f"RESULT r2={evaluate(model, train_ds)[1]:.3f}")
