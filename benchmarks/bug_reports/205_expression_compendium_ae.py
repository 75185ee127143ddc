# Rebuilt from: https://github.com/greenelab/generic-expression-patterns/issues/107
# Report: Asked whether the expression compendium fed to the VAE notebook should be raw read counts or normalized.
#   Answer: "features need to be in the same range to train properly. Reason to 0-1 scale everything. In the past
#   without that, the training curves didn't train -- the loss functions kept bopping around."
# Bug (planted: TL002): raw read counts (0 .. tens of thousands per gene) go straight into the autoencoder;
#   load_compendium() never 0-1 scales the genes, so training stalls/bounces.
# Our own code, written after the report (not copied from it); data file compendium.csv from make_compendium.py
# (a plain autoencoder stands in for the VAE)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

np.random.seed(3)
torch.manual_seed(3)
torch.set_num_threads(1)


def load_compendium(path):
    df = pd.read_csv(path, index_col="sample_id")
    data = df.values.astype(np.float32)
    return data


class ExpressionAE(nn.Module):
    def __init__(self, n_genes, latent=8):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(n_genes, 32), nn.ReLU(), nn.Linear(32, latent))
        self.decoder = nn.Sequential(nn.Linear(latent, 32), nn.ReLU(), nn.Linear(32, n_genes))

    def forward(self, x):
        return self.decoder(self.encoder(x))


def train(model, loader, epochs=60, lr=1e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        tot = 0.0
        for (xb,) in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), xb)
            loss.backward()
            opt.step()
            tot += loss.item()
        if epoch % 20 == 0:
            print(f"epoch {epoch} loss {tot / len(loader):.4f}")


data = load_compendium("compendium.csv")
X = torch.tensor(data)
loader = DataLoader(TensorDataset(X), batch_size=32, shuffle=True)
model = ExpressionAE(X.shape[1])
train(model, loader)

with torch.no_grad():
    recon = model(X)
    r2_per_gene = 1 - ((recon - X) ** 2).mean(dim=0) / X.var(dim=0, unbiased=False)
    r2 = r2_per_gene.mean()
print(f"RESULT r2={r2.item():.3f}")
