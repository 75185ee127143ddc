# Fixed twin of 22_gas_demand_lstm.py: the input columns are standardized.
# Rebuilt from: https://github.com/zhouhaoyi/Informer2020/issues/251
# Report: a gas supply/demand forecaster fed values in the 10,000 range without
#   normalization or standardization gets nan losses; scaling the inputs to [0, 1]
#   or standardizing them avoids it.
# The bug (TL002) of its twin, fixed here: daily demand (~20,000), temperature (~10) and price (~5)
#   are windowed and fed raw to an LSTM (only the target is standardized).
# Our own code, written after the report (not copied from it); gas_demand.csv is a
# small made-up table beside this script.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

LOOKBACK = 14

df = pd.read_csv("gas_demand.csv")
values = df[["demand", "temperature", "price"]].values.astype(np.float32)
values = (values - values.mean(axis=0)) / values.std(axis=0)
demand = df["demand"].values.astype(np.float32)
target = (demand - demand.mean()) / demand.std()

windows = np.stack([values[i:i + LOOKBACK] for i in range(len(values) - LOOKBACK)])
X = torch.tensor(windows)
y = torch.tensor(target[LOOKBACK:]).unsqueeze(1)


class DemandForecaster(nn.Module):
    def __init__(self, n_features=3, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        seq, _ = self.lstm(x)
        return self.out(seq[:, -1, :])


torch.manual_seed(0)
model = DemandForecaster()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(150):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var()
print(f"RESULT r2={r2.item():.3f}")
