# Rebuilt from: https://datascience.stackexchange.com/questions/51815/data-normalization-of-count-data-for-neural-networks
# Report: A sparse matrix of event counts is used as network input; the poster knew inputs "should be normalized"
#   and asked whether counts need something special -- log2(x+1) and then z-scores, or another approach.
# Not a bug (a look-alike that must stay silent): the counts are log1p-transformed in preprocess(), which puts
#   them in roughly [0, 6]; that is a sound scale for an MLP even without an extra z-score. The model also
#   squeezes its (B, 1) output inside forward(), so the (B,) prediction matches the (B,) target.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(0)


def load_data(n_users=600, n_events=40):
    """Per-user counts of 40 event types (very sparse, heavy tailed) and next-month spend."""
    activity = rng.gamma(0.6, 1.0, n_users)
    rates = rng.gamma(0.3, 3.0, n_events)
    lam = activity[:, None] * rates[None, :]
    counts = rng.poisson(lam * rng.binomial(1, 0.35, (n_users, n_events)))
    w = rng.normal(0, 1, n_events) * (rng.random(n_events) < 0.4)
    spend = np.log1p(counts) @ w + 0.3 * rng.normal(size=n_users)
    return counts.astype(np.float32), spend.astype(np.float32)


def preprocess(counts):
    return np.log1p(counts)


class SpendNet(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, x):
        return self.net(x).squeeze(-1)


counts, spend = load_data()
print("max raw count:", counts.max(), "| zeros:", float((counts == 0).mean()))
X = torch.tensor(preprocess(counts))
y = torch.tensor(spend)
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)

model = SpendNet(X.shape[1])
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
for epoch in range(60):
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()

with torch.no_grad():
    pred = model(X)
r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
