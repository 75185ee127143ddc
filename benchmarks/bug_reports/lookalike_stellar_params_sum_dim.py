# Rebuilt from: https://github.com/eje24/iap-diffusion-labs/issues/21
# Report: The course code computed the loss as torch.sum(torch.square(pred - ref), dim=-1) followed by
#   torch.mean; the student asked whether a plain elementwise mean would be the same. The maintainer
#   answered that both are equivalent up to a constant (the output dimensionality).
# Not a bug (a look-alike that must stay silent): the hand-written loss reduces over the last axis first,
#   but prediction and target are both (B, 3) (Teff, logg, [Fe/H], standardized), so nothing broadcasts.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)


class StarColours(Dataset):
    """Gaia/2MASS-like colours -> (Teff [K], logg [dex], [Fe/H] [dex]), all standardized."""

    def __init__(self, n=500):
        teff = np.random.uniform(4000, 7000, n)
        logg = np.random.uniform(3.5, 4.8, n)
        feh = np.random.uniform(-1.5, 0.4, n)
        bp_rp = 5040 / teff * 1.6 - 0.9 + 0.08 * feh + np.random.normal(0, 0.01, n)
        j_k = 0.55 * bp_rp - 0.1 + np.random.normal(0, 0.01, n)
        g_j = 1.2 * bp_rp + 0.05 * feh + np.random.normal(0, 0.01, n)
        m_g = 4.5 - 2.0 * (logg - 4.4) + 2.5 * bp_rp + np.random.normal(0, 0.05, n)
        X = np.column_stack([bp_rp, j_k, g_j, m_g])
        Y = np.column_stack([teff, logg, feh])
        self.X = ((X - X.mean(0)) / X.std(0)).astype(np.float32)
        self.Y = ((Y - Y.mean(0)) / Y.std(0)).astype(np.float32)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return torch.from_numpy(self.X[i]), torch.from_numpy(self.Y[i])


ds = StarColours()
loader = DataLoader(ds, batch_size=50, shuffle=True)
model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)


def per_star_loss(pred, ref):
    sq = torch.sum(torch.square(pred - ref), dim=-1)     # (B,)
    return torch.mean(sq)


for epoch in range(40):
    for xb, yb in loader:
        opt.zero_grad()
        loss = per_star_loss(model(xb), yb)
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch}  loss {loss.item():.4f}")

with torch.no_grad():
    X, Y = torch.from_numpy(ds.X), torch.from_numpy(ds.Y)
    p = model(X)
    r2 = 1 - ((p - Y) ** 2).mean() / Y.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
