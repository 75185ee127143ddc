# Rebuilt from: https://github.com/usnistgov/alignn/issues/188
# Report: Training the development ALIGNN with an atom-wise target (`--atomwise_key bader_charge`) prints
#         "UserWarning: Using a target size (torch.Size([20])) that is different to the input size
#         (torch.Size([20, 1])) ... return F.l1_loss(input, target, ...)"; the reporter notes the
#         singleton dimension of the per-atom prediction is never squashed.
# Bug (planted: TL001): the atom-wise head returns (n_atoms, 1) while the batched per-atom charges are
#         (n_atoms,); nn.L1Loss broadcasts them to (n_atoms, n_atoms) and the head learns the median charge.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(0)
ELECTRONEG = np.array([0.98, 2.55, 3.44])            # Li, C, O (Pauling)


def make_structure():
    n = int(rng.integers(6, 13))
    species = rng.integers(0, 3, size=n)
    pos = rng.uniform(0, 3.0, size=(n, 3))
    d = np.linalg.norm(pos[:, None] - pos[None], axis=-1)
    w = np.exp(-d / 0.8)
    np.fill_diagonal(w, 0.0)
    chi = ELECTRONEG[species]
    charge = 0.3 * (w * (chi[None, :] - chi[:, None])).sum(1) + rng.normal(0, 0.02, size=n)
    return {"species": species, "weights": w.astype(np.float32), "bader_charge": charge.astype(np.float32)}


class AtomwiseDataset(Dataset):
    def __init__(self, n_structures):
        self.structures = [make_structure() for _ in range(n_structures)]

    def __len__(self):
        return len(self.structures)

    def __getitem__(self, i):
        return self.structures[i]


def collate_graphs(items):
    species = torch.cat([torch.as_tensor(s["species"]) for s in items])
    weights = torch.block_diag(*[torch.as_tensor(s["weights"]) for s in items])
    charges = torch.cat([torch.as_tensor(s["bader_charge"]) for s in items])
    return species, weights, charges


class AtomwiseGNN(nn.Module):
    def __init__(self, hidden=32, layers=2):
        super().__init__()
        self.embed = nn.Embedding(3, hidden)
        self.self_lin = nn.ModuleList([nn.Linear(hidden, hidden) for _ in range(layers)])
        self.nbr_lin = nn.ModuleList([nn.Linear(hidden, hidden) for _ in range(layers)])
        self.atomwise_head = nn.Sequential(nn.Linear(hidden, hidden), nn.SiLU(), nn.Linear(hidden, 1))

    def forward(self, species, weights):
        h = self.embed(species)
        for lin_s, lin_n in zip(self.self_lin, self.nbr_lin):
            h = torch.nn.functional.silu(lin_s(h) + weights @ lin_n(h))
        return self.atomwise_head(h)                     # (n_atoms, 1)


train_ds = AtomwiseDataset(150)
loader = DataLoader(train_ds, batch_size=8, shuffle=True, collate_fn=collate_graphs)
model = AtomwiseGNN()
criterion = nn.L1Loss()
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3)

for epoch in range(40):
    for species, weights, charges in loader:
        pred = model(species, weights)
        loss = criterion(pred, charges)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch:2d} L1 {loss.item():.4f}")

species, weights, charges = collate_graphs(train_ds.structures)
with torch.no_grad():
    q = model(species, weights).view(-1)
r2 = 1 - torch.mean((q - charges) ** 2) / torch.var(charges, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
