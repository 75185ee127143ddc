# Rebuilt from: https://github.com/bowang-lab/scGPT/issues/270
# Report: A user noticed the zero-shot tutorial feeds datasets that appear to contain raw counts although the model
#   expects normalized, log1p-transformed values. Maintainer: "The input to the model is actually the binned values,
#   so actually these preprocessing including log1p should not matter."
# Not a bug (a look-alike that must stay silent): the raw counts never reach a Linear layer; each cell's counts are
#   turned into per-cell quantile bin indices (integers 0..N_BINS-1) in __getitem__ and go through nn.Embedding.
# Our own code, written after the report (not copied from it); synthetic single-cell counts generated in-script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(7)
torch.manual_seed(7)
torch.set_num_threads(1)

N_CELLS, N_GENES, N_TYPES, N_BINS = 480, 50, 4, 16


def simulate_counts():
    types = np.random.randint(0, N_TYPES, N_CELLS)
    markers = np.random.lognormal(0, 1.2, (N_TYPES, N_GENES))
    depth = np.random.lognormal(8, 0.6, N_CELLS)          # library sizes vary a lot between cells
    rate = markers[types] / markers[types].sum(1, keepdims=True) * depth[:, None]
    return np.random.poisson(rate), types


def bin_cell(counts, n_bins=N_BINS):
    """scGPT-style value binning: non-zero counts -> per-cell quantile bins, zeros stay bin 0."""
    out = np.zeros_like(counts, dtype=np.int64)
    nz = counts > 0
    if nz.any():
        edges = np.quantile(counts[nz], np.linspace(0, 1, n_bins - 1))
        out[nz] = np.digitize(counts[nz], edges, right=True) + 1
    return np.clip(out, 0, n_bins - 1)


class BinnedCells(Dataset):
    def __init__(self, counts, labels):
        self.counts, self.labels = counts, labels

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return torch.from_numpy(bin_cell(self.counts[i])), int(self.labels[i])


class GeneTokenClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.gene_emb = nn.Embedding(N_GENES, 16)
        self.value_emb = nn.Embedding(N_BINS, 16)
        self.head = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, N_TYPES))

    def forward(self, value_ids):
        gene_ids = torch.arange(N_GENES).expand_as(value_ids)
        h = (self.gene_emb(gene_ids) * self.value_emb(value_ids)).mean(1)
        return self.head(h)


counts, labels = simulate_counts()
print("raw count range:", counts.min(), counts.max())
loader = DataLoader(BinnedCells(counts, labels), batch_size=32, shuffle=True)
model = GeneTokenClassifier()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.CrossEntropyLoss()
for epoch in range(15):
    for value_ids, y in loader:
        opt.zero_grad()
        loss = criterion(model(value_ids), y)
        loss.backward()
        opt.step()

model.eval()
correct = 0
with torch.no_grad():
    for value_ids, y in DataLoader(BinnedCells(counts, labels), batch_size=128):
        correct += (model(value_ids).argmax(1) == y).sum().item()
print(f"RESULT acc={correct / N_CELLS:.3f}")
