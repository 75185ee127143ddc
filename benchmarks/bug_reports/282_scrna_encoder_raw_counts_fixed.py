# Rebuilt from: https://github.com/theislab/CFGen/issues/9
# Report: The paper says scRNA-seq counts are given to the encoder log-transformed "for training stability" while the
#   loss is evaluated on the original counts, but RNASeqLoader.__getitem__ only normalizes the ATAC modality, so RNA
#   counts reach the encoder unaltered. Maintainer: "indeed unwanted behavior", fixed in a later commit.
# Fixed twin of 282_scrna_encoder_raw_counts.py: __getitem__ log1p-transforms the RNA counts for the encoder input too
#   (the loss is still computed on the original counts).
# Our own code, written after the report (not copied from it); counts are simulated (8 cell types, Poisson noise).
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(5)


def simulate_counts(n_cells=600, n_genes=120, n_types=8):
    base = rng.normal(-5.0, 1.8, n_genes)
    type_effect = rng.normal(0, 1.3, (n_types, n_genes))
    cell_type = rng.integers(0, n_types, n_cells)
    logits = base + type_effect[cell_type] + rng.normal(0, 0.3, (n_cells, n_genes))
    props = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    lib_size = rng.lognormal(np.log(8000), 0.5, n_cells)
    return rng.poisson(props * lib_size[:, None]).astype(np.float32)


class RNASeqLoader(Dataset):
    def __init__(self, X, mod="rna", is_binarized=False):
        self.X, self.mod, self.is_binarized = torch.from_numpy(X), mod, is_binarized

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        counts = self.X[i]
        X_in = counts
        if self.mod == "rna" or (self.mod == "atac" and (not self.is_binarized)):
            X_in = torch.log1p(counts)
        return X_in, counts, counts.sum()


class CountAutoencoder(nn.Module):
    def __init__(self, n_genes, latent=10):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(n_genes, 128), nn.ReLU(), nn.Linear(128, latent))
        self.decoder = nn.Sequential(nn.Linear(latent, 128), nn.ReLU(), nn.Linear(128, n_genes))

    def forward(self, X_in, size_factor):
        rho = torch.softmax(self.decoder(self.encoder(X_in)), dim=-1)
        return rho * size_factor.unsqueeze(1)             # expected counts


X = simulate_counts()
print("max UMI count per gene:", X.max())
loader = DataLoader(RNASeqLoader(X), batch_size=64, shuffle=True)
model = CountAutoencoder(X.shape[1])
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
poisson_nll = nn.PoissonNLLLoss(log_input=False)

for epoch in range(60):
    for X_in, counts, size_factor in loader:
        optimizer.zero_grad()
        loss = poisson_nll(model(X_in, size_factor), counts)     # loss on the original counts
        loss.backward()
        optimizer.step()
    if epoch % 15 == 0:
        print(f"epoch {epoch:3d}  poisson nll {loss.item():.4f}")

full = RNASeqLoader(X)
with torch.no_grad():
    X_in, counts, sf = next(iter(DataLoader(full, batch_size=len(full))))
    mu = model(X_in, sf)
r2 = 1 - torch.mean((mu - counts) ** 2) / torch.var(counts, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
