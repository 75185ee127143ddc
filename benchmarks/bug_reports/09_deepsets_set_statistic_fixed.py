# Fixed twin of 09_deepsets_set_statistic.py: each batch's targets are viewed as (B, 1).
# Rebuilt from: https://github.com/manzilzaheer/DeepSets/pull/2
# Report: in the population-statistics experiment the (128,) target `y` and the
#   (128, 1) prediction subtract to (128, 128): "the model approximates the average
#   statistic across the indices instead of the corresponding statistic".
# The bug (TL001) of its twin, fixed here: a DeepSets regressor (per-element network, sum pooling)
#   returns (B, 1); the statistic of each set is (B,); manual mini-batches feed
#   both to MSELoss.
# Our own code, written after the report (not copied from it).
import torch
import torch.nn as nn


class DeepSet(nn.Module):
    def __init__(self, dim=1, hidden=32):
        super().__init__()
        self.phi = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, hidden))
        self.rho = nn.Sequential(nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, sets):
        return self.rho(self.phi(sets).mean(dim=1))


torch.manual_seed(0)
n_sets, set_size = 2048, 20
scales = torch.rand(n_sets) * 2 + 0.5
X = torch.randn(n_sets, set_size, 1) * scales[:, None, None]
y = X.squeeze(-1).std(dim=1)

model = DeepSet()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
batch_size = 128
for epoch in range(15):
    for i in range(0, n_sets, batch_size):
        xb = X[i:i + batch_size]
        yb = y[i:i + batch_size].view(-1, 1)
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = model(X).reshape(-1)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var()
print(f"RESULT r2={r2.item():.3f}")
