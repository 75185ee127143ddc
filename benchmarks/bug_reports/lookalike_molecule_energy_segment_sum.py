# Rebuilt from: https://github.com/pyg-team/pytorch_geometric/issues/3694
# Report: User turning a graph classifier into graph regression (one value per graph) asked which layer makes
#   the output a scalar; the maintainer said keep the GNN layers, end with Linear(hidden_channels, 1), and
#   train with MSELoss.
# Not a bug (a look-alike that must stay silent): the head returns [num_graphs, 1] and the targets are stored
#   per molecule as a [1, 1] tensor, so the batched target is also [num_graphs, 1]; atom counts are raw
#   integers but only used as index/batch vectors, and node features are one-hot.
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn

torch.manual_seed(5)
ATOM_TYPES = 5                                  # H, C, N, O, F
CONTRIB = torch.tensor([-0.5, -38.0, -54.6, -75.1, -99.7])   # Hartree-ish per atom


def make_molecule():
    n = int(torch.randint(3, 12, (1,)))
    z = torch.randint(0, ATOM_TYPES, (n,))
    src = torch.arange(1, n)
    dst = torch.randint(0, n - 1, (n - 1,)).clamp(max=src - 1)          # a random tree
    ei = torch.cat([torch.stack([src, dst]), torch.stack([dst, src])], 1)
    energy = CONTRIB[z].sum() + 0.3 * torch.randn(())
    return {"x": nn.functional.one_hot(z, ATOM_TYPES).float(), "edge_index": ei, "y": energy.view(1, 1)}


def collate(mols):
    xs, eis, ys, batch, offset = [], [], [], [], 0
    for i, m in enumerate(mols):
        xs.append(m["x"]); eis.append(m["edge_index"] + offset); ys.append(m["y"])
        batch.append(torch.full((m["x"].size(0),), i, dtype=torch.long))
        offset += m["x"].size(0)
    return torch.cat(xs), torch.cat(eis, 1), torch.cat(batch), torch.cat(ys)    # y: [B, 1]


class MPNN(nn.Module):
    def __init__(self, hidden=64):
        super().__init__()
        self.emb = nn.Linear(ATOM_TYPES, hidden)
        self.convs = nn.ModuleList([nn.Linear(2 * hidden, hidden) for _ in range(2)])
        self.lin = nn.Linear(hidden, 1)

    def forward(self, x, ei, batch, num_graphs):
        h = self.emb(x)
        for conv in self.convs:
            agg = torch.zeros_like(h).index_add_(0, ei[1], h[ei[0]])
            h = torch.relu(conv(torch.cat([h, agg], 1)))
        g = torch.zeros(num_graphs, h.size(1)).index_add_(0, batch, h)         # sum readout
        return self.lin(g)                                                       # [B, 1]


mols = [make_molecule() for _ in range(400)]
ys = torch.cat([m["y"] for m in mols])
mu, sd = ys.mean(), ys.std()
for m in mols:
    m["y"] = (m["y"] - mu) / sd

model = MPNN()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.MSELoss()
for epoch in range(40):
    perm = torch.randperm(len(mols))
    for i in range(0, len(mols), 32):
        x, ei, batch, y = collate([mols[j] for j in perm[i:i + 32]])
        opt.zero_grad()
        loss = criterion(model(x, ei, batch, y.size(0)), y)
        loss.backward()
        opt.step()

with torch.no_grad():
    x, ei, batch, y = collate(mols)
    pred = model(x, ei, batch, y.size(0))
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
