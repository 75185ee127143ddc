# Rebuilt from: https://community.deeplearning.ai/t/multiple-linear-regression-housing-prices-problem-cost-too-high/211759
# Report: Multiple linear regression on Kaggle house prices; the features are z-score normalized but SalePrice
#   is left in dollars, so the printed cost is "decreasing but HUGE". The mentor answers that only the features
#   usually need normalizing: with a bias term the model shifts its predictions to the target's level.
# Not a bug (a look-alike that must stay silent): the target is raw dollars, but the features are standardized and
#   the model is linear with a bias trained by full-batch SGD, whose convergence does not depend on the target's
#   magnitude; the loss is only large in absolute units and the fit reaches the least-squares r2.
# Our own code, written after the report (not copied from it); data: houses.csv from make_houses.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)

df = pd.read_csv("houses_saleprice.csv", index_col="Id")
y = df.pop("SalePrice").to_numpy(dtype=np.float32).reshape(-1, 1)
X = (df - df.mean()) / df.std()          # Z-score normalization of the 6 features only
X = torch.tensor(X.to_numpy(), dtype=torch.float32)
y = torch.from_numpy(y)

model = nn.Linear(X.shape[1], 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
cost_fn = nn.MSELoss()

for step in range(400):
    optimizer.zero_grad()
    cost = cost_fn(model(X), y)
    cost.backward()
    optimizer.step()
    if step % 100 == 0:
        print(f"step {step} cost {cost.item():.4e}")

with torch.no_grad():
    pred = model(X)
r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"bias {model.bias.item():.0f}  mean price {y.mean().item():.0f}")
print(f"RESULT r2={r2.item():.3f}")
