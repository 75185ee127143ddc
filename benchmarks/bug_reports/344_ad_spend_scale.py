# Rebuilt from: https://blog.problemsolversguild.com/posts/2021-08-16-tabular_normalization_exploration.html
# Report: the author trained a tabular model for 10 epochs on un-normalized continuous columns and made
#   little or no progress; restarting the same data through the same model with normalization applied
#   gave a good model, and the post explores why.
# Bug (planted: TL002): load_data() feeds raw dollar budgets (up to 3e5) and impressions (~4e6) straight
#   into the MLP trained with plain SGD; the first steps blow the weights up and the loss goes to nan.
# Our own code, written after the report (not copied from it); data: ad_spend.csv from make_ad_spend.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

CONT = ["tv_spend_usd", "radio_spend_usd", "newspaper_spend_usd", "impressions"]


def load_data(path="ad_spend.csv"):
    df = pd.read_csv(path)
    X = torch.tensor(df[CONT].values, dtype=torch.float32)
    y = torch.tensor(df[["units_sold_k"]].values, dtype=torch.float32)
    return X, y


X, y = load_data()
print("feature means:", X.mean(0).tolist())

model = nn.Sequential(nn.Linear(len(CONT), 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
loss_fn = nn.MSELoss()

bs = 32
for epoch in range(40):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), bs):
        idx = perm[i:i + bs]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch}  loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X)
r2 = 1 - ((pred - y) ** 2).mean().item() / y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
