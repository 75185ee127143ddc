# Rebuilt from: https://stackoverflow.com/questions/76982364
# Report: Next-day stock price regressed on today's price plus three fundamental variables; the asker states all
#   four X variables are already scaled to [-1, 1]. Closed form and optim.SGD agree, Adam did worse; the question
#   is about the optimizer, not about the data.
# Not a bug (a look-alike that must stay silent): the columns are named like raw prices/ratios and are read from a
#   CSV without a scaler in this script, but the file already holds values in [-1, 1], so SGD on them is fine.
# Our own code, written after the report (not copied from it); data file fundamentals_scaled.csv made by make_fundamentals_scaled.py
import pandas as pd
import torch
from torch import nn, optim

torch.manual_seed(0)
df = pd.read_csv("fundamentals_scaled.csv")
X = torch.tensor(df[["today_price", "pe_ratio", "pb_ratio", "roe"]].values, dtype=torch.float32)
y = torch.tensor(df[["next_price"]].values, dtype=torch.float32)
X_train, y_train = X[:1000], y[:1000]                 # 1000 days train, 300 days test

model = nn.Linear(4, 1)
optimizer = optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for epoch in range(1500):
    optimizer.zero_grad()
    loss = loss_fn(model(X_train), y_train)
    loss.backward()
    optimizer.step()
print("weights:", model.weight.data.numpy().round(3), "test mse:", loss_fn(model(X[1000:]), y[1000:]).item())

with torch.no_grad():
    p = model(X_train)
r2 = 1 - ((p - y_train) ** 2).mean().item() / y_train.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
