# Rebuilt from: https://github.com/benedekrozemberczki/pytorch_geometric_temporal/issues/116
# Report: In the library examples y_hat has shape (bs, 1) while snapshot.y has shape (bs,), so
#   the hand-written cost torch.mean((y_hat - snapshot.y)**2) is computed on a (bs, bs) matrix;
#   the reporter proposed y_hat.squeeze() - snapshot.y instead.
#   (Report: recurrent graph model on weekly county case counts; rebuilt here without the graph,
#   as a per-county MLP on the same table of lagged counts.)
# Fixed twin of 128_snapshot_cost_handwritten_mse.py: y_hat is squeezed to (20,) before the hand-written squared error, as the reporter proposed
# Our own code, written after the report (not copied from it)
from collections import namedtuple
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(2)
Snapshot = namedtuple("Snapshot", ["x", "y"])


def load_weekly_cases(n_weeks=100, n_counties=20, lags=4):
    cases = np.zeros((n_weeks, n_counties))
    cases[:lags] = rng.normal(0, 1, (lags, n_counties))
    level = rng.normal(0, 1.5, n_counties)             # each county has its own typical level
    for t in range(lags, n_weeks):
        cases[t] = (0.3 * level + 0.6 * cases[t - 1] + 0.25 * cases[t - 2] - 0.2 * cases[t - 3]
                    + rng.normal(0, 0.4, n_counties))
    df = pd.DataFrame(cases, columns=[f"county_{c:02d}" for c in range(n_counties)])
    df = (df - df.values.mean()) / df.values.std()
    snapshots = []
    for t in range(lags, n_weeks):
        x = np.stack([df.iloc[t - k].values for k in range(1, lags + 1)], axis=1)   # (counties, lags)
        snapshots.append(Snapshot(torch.tensor(x, dtype=torch.float32),
                                  torch.tensor(df.iloc[t].values, dtype=torch.float32)))
    return snapshots


class CountyModel(nn.Module):
    def __init__(self, node_features, hidden=32):
        super().__init__()
        self.lin1 = nn.Linear(node_features, hidden)
        self.lin2 = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.lin2(torch.relu(self.lin1(x)))


train_dataset = load_weekly_cases()
model = CountyModel(node_features=4)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

model.train()
for epoch in range(60):
    cost = 0
    for time, snapshot in enumerate(train_dataset):
        y_hat = model(snapshot.x)
        cost = cost + torch.mean((y_hat.squeeze() - snapshot.y) ** 2)
    cost = cost / (time + 1)
    cost.backward()
    optimizer.step()
    optimizer.zero_grad()
    if epoch % 20 == 0:
        print(f"epoch {epoch}  cost {cost.item():.4f}")

model.eval()
with torch.no_grad():
    pred = torch.cat([model(s.x).view(-1) for s in train_dataset])
target = torch.cat([s.y.view(-1) for s in train_dataset])
r2 = 1 - torch.mean((pred - target) ** 2) / torch.var(target, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
