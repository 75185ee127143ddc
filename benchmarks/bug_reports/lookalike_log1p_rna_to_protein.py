# Rebuilt from: https://github.com/jaydu1/scVAEIT/issues/11
# Report: A user asked why scVAEIT log-normalizes the RNA/ADT counts although its likelihood is negative binomial.
#   Maintainer: log1p-transformation "ensures the input and output are on a common scale (typically 0~10), which
#   may benefit the training"; performance should be similar either way.
# Not a bug (a look-alike that must stay silent): the RNA features are library-size-normalized and log1p'd
#   (values 0..~9), not z-scored; that range is fine for an MLP trained with Adam, so no extra scaling is needed.
# Our own code, written after the report (not copied from it); synthetic CITE-seq-like counts generated in-script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

np.random.seed(5)
torch.manual_seed(5)
torch.set_num_threads(1)

n_cells, n_genes, n_prot = 500, 40, 6


def simulate():
    z = np.random.normal(0, 1, (n_cells, 3))
    gene_load = np.random.normal(0, 0.7, (3, n_genes))
    prot_load = np.random.normal(0, 0.8, (3, n_prot))
    rna = np.random.poisson(np.exp(1.5 + z @ gene_load) * np.random.uniform(0.5, 2.0, (n_cells, 1)))
    adt = np.random.poisson(np.exp(3.0 + z @ prot_load))
    genes = pd.DataFrame(rna, columns=[f"gene_{g}" for g in range(n_genes)])
    prots = pd.DataFrame(adt, columns=[f"CD{4 + p}" for p in range(n_prot)])
    return genes, prots


def log_normalize(df, target_sum=1e4):
    x = df.values.astype(np.float64)
    x = x / np.maximum(x.sum(1, keepdims=True), 1) * target_sum
    return np.log1p(x).astype(np.float32)


genes, prots = simulate()
X = torch.tensor(log_normalize(genes))
Y = torch.tensor(np.log1p(prots.values).astype(np.float32))
print("log1p RNA range:", X.min().item(), X.max().item())

model = nn.Sequential(nn.Linear(n_genes, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, n_prot))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loader = DataLoader(TensorDataset(X, Y), batch_size=64, shuffle=True)
for epoch in range(60):
    for xb, yb in loader:
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        opt.step()

with torch.no_grad():
    pred = model(X)
    r2 = (1 - ((pred - Y) ** 2).mean(0) / Y.var(0, unbiased=False)).mean()
print(f"RESULT r2={r2.item():.3f}")
