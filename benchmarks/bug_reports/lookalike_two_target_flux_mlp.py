# Rebuilt from: https://discuss.pytorch.org/t/two-dimensional-mse-loss-in-mlp-training/180059
# Report: An MLP maps site drivers to a two-dimensional target - gross primary productivity (mean ~0.4) and
#         evapotranspiration (mean ~ -22) - with two linear outputs and an MSE criterion evaluated "against
#         my batch sample with the same two output dimensions". One variable comes out well, the other
#         follows the first; scaling the targets did not help; the poster asks whether a two-dimensional
#         target is reasonable at all.
# Not a bug (a look-alike that must stay silent): prediction and target are both (B, 2) - two columns
#         picked from a DataFrame and a Linear(..., 2) head - so nn.MSELoss compares matching elements;
#         multi-output regression with per-column standardised targets is fine.
# Our own code, written after the report (not copied from it); data: flux_tower.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

df = pd.read_csv("flux_tower.csv")
feature_cols = ["swin", "tair", "vpd", "lai", "swc"]
target_cols = ["gpp", "et"]
x_scaler, y_scaler = StandardScaler(), StandardScaler()
X = torch.tensor(x_scaler.fit_transform(df[feature_cols].values), dtype=torch.float32)
Y = torch.tensor(y_scaler.fit_transform(df[target_cols].values), dtype=torch.float32)   # (N, 2)

loader = DataLoader(TensorDataset(X, Y), batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(len(feature_cols), 64), nn.ReLU(),
                      nn.Linear(64, 64), nn.ReLU(),
                      nn.Linear(64, len(target_cols)))
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

for epoch in range(60):
    epoch_loss = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * len(xb)
    if epoch % 15 == 0:
        print(f"epoch {epoch:2d} batch-mean loss {epoch_loss / len(X):.4f}")

with torch.no_grad():
    pred = model(X)
r2_cols = 1 - ((pred - Y) ** 2).mean(0) / Y.var(0, unbiased=False)
print("r2 gpp / et:", [round(v, 3) for v in r2_cols.tolist()])
print(f"RESULT r2={r2_cols.mean().item():.3f}")
