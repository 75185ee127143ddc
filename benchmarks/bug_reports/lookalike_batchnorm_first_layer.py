# Rebuilt from: https://stackoverflow.com/questions/46771939/batch-normalization-instead-of-input-normalization
# Report: "Can I use a batch normalization layer right after the input layer and not normalize my data?"
#   Answer: yes - a batchnorm right after the input is effectively a data pre-processing step and it
#   helps a lot e.g. in linear regression; computing mean/std once is just cheaper.
# Not a bug (a look-alike that must stay silent): the house columns (sqft, lot size, year built) are fed
#   raw, but the first layer of the model is nn.BatchNorm1d over the inputs, so every feature reaches
#   the first Linear layer standardized per batch (and with running stats at eval time).
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(46771939 % 1000)
rng = np.random.default_rng(939)

n = 512
df = pd.DataFrame({
    "sqft_living": rng.normal(2000, 650, n).clip(400).round(),
    "sqft_lot": rng.gamma(2.0, 4200, n).round(),
    "yr_built": rng.integers(1900, 2015, n),
    "bedrooms": rng.integers(1, 7, n),
})
df["price"] = (150 * df["sqft_living"] + 1.5 * df["sqft_lot"] + 900 * (df["yr_built"] - 1950)
               + 9000 * df["bedrooms"] + rng.normal(0, 40000, n))

X = torch.tensor(df[["sqft_living", "sqft_lot", "yr_built", "bedrooms"]].values, dtype=torch.float32)
y = torch.tensor(df[["price"]].values / 100000.0, dtype=torch.float32)   # price in units of $100k

model = nn.Sequential(
    nn.BatchNorm1d(4),          # input normalization done by the network itself
    nn.Linear(4, 32),
    nn.ReLU(),
    nn.Linear(32, 1),
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.MSELoss()

for epoch in range(60):
    model.train()
    perm = torch.randperm(n)
    for i in range(0, n, 32):
        idx = perm[i:i + 32]
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    pred = model(X)
    r2 = 1 - torch.mean((pred - y) ** 2).item() / torch.var(y, unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
