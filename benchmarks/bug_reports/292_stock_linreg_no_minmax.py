# Rebuilt from: https://github.com/hunkim/DeepLearningZeroToAll/issues/197
# Report: Linear regression of the next Close from daily Open/High/Low/Volume (rows like [828, 833, 908100, 828]):
#   the reporter notes that "without minmax lab-07-2 does not work" (the cost blows up to nan) while the
#   min-max-scaled version lab-07-3 converges.
# Bug (planted: TL002): the raw price columns (~800) and Volume (~1e6) go straight into nn.Linear trained with plain
#   SGD; no MinMaxScaler is applied to xy, so the gradient explodes and the loss becomes inf/nan.
# Our own code, written after the report (not copied from it); data file stock_daily.csv made by make_stock_daily.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(777)

xy = pd.read_csv("stock_daily_stockq.csv")[["Open", "High", "Low", "Volume", "Close"]].values.astype(np.float32)
xy = xy[::-1].copy()                     # chronological order, like the lab
# (the lab-07-3 version min-max scales xy here)

x_data = torch.from_numpy(xy[:, 0:-1])
y_data = torch.from_numpy(xy[:, [-1]])

model = nn.Linear(4, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

for step in range(2001):
    hypothesis = model(x_data)
    cost = criterion(hypothesis, y_data)
    optimizer.zero_grad()
    cost.backward()
    optimizer.step()
    if step % 500 == 0:
        print(step, "Cost:", cost.item())

with torch.no_grad():
    pred = model(x_data)
r2 = 1 - ((pred - y_data) ** 2).mean().item() / y_data.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
