# Rebuilt from: https://github.com/pyg-team/pytorch_geometric/issues/1550
# Report: Running the QM9 NNConv example, the training loss went down to ~1e-4 while the printed validation
#   MAE stayed in the single digits for target 7 (U0), which looked far worse than papers and like something
#   was broken in the training.
# Not a bug (a look-alike that must stay silent): targets are standardized with the training mean/std for
#   the loss, and the MAE is multiplied back by std, so it is reported in raw energy units (hundreds of eV
#   spread); the loss/MAE gap is just the unit change. Inputs are one-hot atoms and scaled distances.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(11)
torch.manual_seed(11)
ATOM_E = np.array([-13.6, -1029.8, -1485.9, -2042.6, -2713.5])   # eV per atom type (H C N O F)


def make_dataset(n_mols=500):
    data = []
    for _ in range(n_mols):
        n = rng.integers(4, 15)
        z = rng.integers(0, 5, n)
        pos = rng.normal(0, 1.2, (n, 3))
        d = np.linalg.norm(pos[:, None] - pos[None], axis=-1)
        src, dst = np.nonzero((d < 1.8) & (d > 0))
        bond_term = -2.0 * np.exp(-d[src, dst]).sum() / 2
        u0 = ATOM_E[z].sum() + bond_term + rng.normal(0, 0.2)
        data.append((z, src, dst, d[src, dst] / 1.8, u0))
    return data


class NNConvNet(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.emb = nn.Embedding(5, hidden)
        self.edge_nn = nn.Sequential(nn.Linear(1, 32), nn.ReLU(), nn.Linear(32, hidden))
        self.upd = nn.Linear(2 * hidden, hidden)
        self.out = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, z, src, dst, dist, batch, num_graphs):
        h = self.emb(z)
        for _ in range(2):
            m = h[src] * self.edge_nn(dist.unsqueeze(-1))
            agg = torch.zeros_like(h).index_add_(0, dst, m)
            h = torch.relu(self.upd(torch.cat([h, agg], 1)))
        node_out = self.out(h)                                          # [num_atoms, 1]
        return torch.zeros(num_graphs, 1).index_add_(0, batch, node_out)   # [num_graphs, 1]


def collate(mols):
    zs, ss, ds, dists, batch, off = [], [], [], [], [], 0
    for i, (z, s, d, dist, _) in enumerate(mols):
        zs.append(z); ss.append(s + off); ds.append(d + off); dists.append(dist)
        batch.append(np.full(len(z), i)); off += len(z)
    cat = lambda a: torch.tensor(np.concatenate(a))
    return cat(zs), cat(ss), cat(ds), cat(dists).float(), cat(batch), len(mols)


raw = make_dataset()
train_set, val_set = train_test_split(raw, test_size=0.2, random_state=0)
y_train = np.array([m[-1] for m in train_set])
mean, std = y_train.mean(), y_train.std()
y_t = torch.tensor((y_train - mean) / std, dtype=torch.float32).view(-1, 1)   # standardized, [B, 1]
y_val = np.array([m[-1] for m in val_set])
train_in, val_in = collate(train_set), collate(val_set)

model = NNConvNet()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for epoch in range(300):
    opt.zero_grad()
    loss = F.mse_loss(model(*train_in), y_t)
    loss.backward()
    opt.step()
    if epoch % 100 == 0 or epoch == 299:
        with torch.no_grad():
            val_mae = np.abs(model(*val_in).view(-1).numpy() * std + mean - y_val).mean()
        print(f"Epoch {epoch:03d} Loss {loss.item():.5f} Val MAE (eV) {val_mae:.3f}")

with torch.no_grad():
    pred = model(*train_in)
    r2 = 1 - ((pred - y_t) ** 2).mean() / y_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
