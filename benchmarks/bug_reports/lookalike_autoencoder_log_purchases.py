# Rebuilt from: https://stats.stackexchange.com/questions/384642/correct-numerical-feature-transformation-for-neural-networks
# Report: A shallow (3-layer) autoencoder reconstructs 25-dim vectors of client purchases (mostly < $1k, some
#   several $ million) with an MSE between input and output; the poster asked which transformation the inputs
#   need: log(1 + x)? scaling to [0, 1] or [-1, 1]? further standardisation on top?
# Not a bug (a look-alike that must stay silent): to_features() applies log1p and a train-set min-max to [0, 1],
#   so the heavy-tailed amounts are well scaled; the loss compares the (B, 25) reconstruction with the (B, 25)
#   input batch -- same shape, no target reshaping needed.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
rng = np.random.default_rng(21)


def simulate_purchases(n_clients=800, n_products=25, n_segments=4):
    """Dollar amounts per product category; clients belong to a few spending segments."""
    profile = rng.lognormal(5.0, 1.5, (n_segments, n_products))
    seg = rng.integers(0, n_segments, n_clients)
    scale = rng.lognormal(0.0, 1.5, n_clients)
    amounts = profile[seg] * scale[:, None] * rng.lognormal(0, 0.3, (n_clients, n_products))
    amounts[rng.random((n_clients, n_products)) < 0.05] = 0.0
    return amounts


def to_features(amounts):
    logged = np.log1p(amounts)
    lo, hi = logged.min(axis=0), logged.max(axis=0)
    return ((logged - lo) / (hi - lo + 1e-9)).astype(np.float32)


class PurchaseAE(nn.Module):
    def __init__(self, d=25, code=6):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(d, 16), nn.Tanh(), nn.Linear(16, code))
        self.decoder = nn.Sequential(nn.Linear(code, 16), nn.Tanh(), nn.Linear(16, d), nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))


amounts = simulate_purchases()
print(f"raw amounts: median ${np.median(amounts):.0f}, max ${amounts.max():,.0f}")
X = torch.from_numpy(to_features(amounts))
loader = DataLoader(TensorDataset(X), batch_size=32, shuffle=True)

ae = PurchaseAE()
opt = torch.optim.Adam(ae.parameters(), lr=3e-3)
mse = nn.MSELoss()
for epoch in range(80):
    for (xb,) in loader:
        opt.zero_grad()
        recon = ae(xb)
        loss = mse(recon, xb)
        loss.backward()
        opt.step()

with torch.no_grad():
    recon = ae(X)
r2 = 1 - torch.mean((recon - X) ** 2) / torch.mean((X - X.mean(dim=0)) ** 2)
print(f"RESULT r2={r2.item():.3f}")
