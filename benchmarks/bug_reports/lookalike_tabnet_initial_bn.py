# Rebuilt from: https://github.com/dreamquark-ai/tabnet/issues/356
# Report: A user asked whether TabNet needs standardization/normalization of features, since none of the examples
#   scale their inputs. The maintainer: the network's first step is a batch normalization of the raw numerical
#   features (the paper also uses raw features + BN, with a large batch size).
# Not a bug (a look-alike that must stay silent): raw features in the tens of thousands go straight into the
#   model, but the first layer is nn.BatchNorm1d over the inputs, which standardizes them (running stats at eval).
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(0)

n = 3000
df = pd.DataFrame({
    "annual_income": rng.lognormal(10.8, 0.5, n).round(0),     # ~ 20k .. 200k
    "age": rng.integers(18, 80, n),
    "credit_limit": rng.integers(500, 40000, n),
    "balance": rng.uniform(0, 30000, n).round(2),
    "months_on_book": rng.integers(6, 360, n),
})
util = df["balance"] / df["credit_limit"].clip(lower=1000)
score = 1.5 * util - 1.2 * np.log(df["annual_income"] / 50000) - 0.02 * (df["age"] - 45) - 1.0
df["default"] = (score + rng.normal(0, 0.4, n) > 0).astype(int)

features = ["annual_income", "age", "credit_limit", "balance", "months_on_book"]
X = torch.tensor(df[features].values, dtype=torch.float32)
y = torch.tensor(df["default"].values, dtype=torch.long)


class TabularNet(nn.Module):
    def __init__(self, input_dim, n_d=32, output_dim=2):
        super().__init__()
        self.initial_bn = nn.BatchNorm1d(input_dim, momentum=0.02)
        self.fc = nn.Sequential(nn.Linear(input_dim, n_d), nn.ReLU(),
                                nn.Linear(n_d, n_d), nn.ReLU(),
                                nn.Linear(n_d, output_dim))

    def forward(self, x):
        return self.fc(self.initial_bn(x))


model = TabularNet(len(features))
loader = DataLoader(TensorDataset(X, y), batch_size=256, shuffle=True, drop_last=True)
opt = torch.optim.Adam(model.parameters(), lr=2e-2)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(60):
    model.train()
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print(f"base rate {max(y.float().mean().item(), 1 - y.float().mean().item()):.3f}")
print(f"RESULT acc={acc:.3f}")
