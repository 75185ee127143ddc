# Rebuilt from: https://github.com/greenelab/tybalt/issues/153
# Report: A user ran the Tybalt VAE (ReLU encoder, sigmoid decoder, binary cross-entropy reconstruction * n_genes
#   plus KL) on their own log2-CPM gene expression matrix (values ~2..13). Every reconstructed value came out 1.0,
#   so gene means/summaries were constant; the repo's own data, which works, lies in 0..1.
# Fixed twin of 286_gene_vae.py: the expression matrix is min-max scaled to [0, 1] per gene (MinMaxScaler) before
#   training, as in the repo's own data, and reconstructions are mapped back with inverse_transform.
# Our own code, written after the report (not copied from it); data: genes_log2cpm.csv from make_genes.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from sklearn.preprocessing import MinMaxScaler

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


def load_expression(path="genes_log2cpm.csv"):
    df = pd.read_csv(path, index_col="sample_id")
    return df


class Tybalt(nn.Module):
    def __init__(self, n_genes, hidden=32, latent=4):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(n_genes, hidden), nn.BatchNorm1d(hidden), nn.ReLU())
        self.z_mean = nn.Linear(hidden, latent)
        self.z_log_var = nn.Linear(hidden, latent)
        self.decoder = nn.Sequential(nn.Linear(latent, n_genes), nn.Sigmoid())

    def forward(self, x):
        h = self.encoder(x)
        mean, log_var = self.z_mean(h), self.z_log_var(h)
        z = mean + torch.exp(log_var / 2) * torch.randn_like(mean)
        return self.decoder(z), mean, log_var


def vae_loss(x, x_rec, mean, log_var, n_genes, beta):
    eps = 1e-7
    bce = -(x * torch.log(x_rec + eps) + (1 - x) * torch.log(1 - x_rec + eps)).mean(dim=1)
    recon = n_genes * bce
    kl = -0.5 * torch.sum(1 + log_var - mean ** 2 - torch.exp(log_var), dim=1)
    return torch.mean(recon + beta * kl)


class Trainer:
    def __init__(self, model, n_genes, lr=5e-3, epochs=50, batch_size=50, kappa=0.05):
        self.model, self.n_genes = model, n_genes
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        self.epochs, self.batch_size, self.kappa = epochs, batch_size, kappa

    def fit(self, data):
        loader = DataLoader(TensorDataset(data), batch_size=self.batch_size, shuffle=True)
        beta = 0.0
        for epoch in range(self.epochs):
            total = 0.0
            for (xb,) in loader:
                x_rec, mean, log_var = self.model(xb)
                loss = vae_loss(xb, x_rec, mean, log_var, self.n_genes, beta)
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
                total += loss.item() * len(xb)
            beta = min(1.0, beta + self.kappa)          # KL warm-up
            if epoch % 10 == 0:
                print(f"epoch {epoch:3d}  loss {total / len(data):.3f}")
        return self


df = load_expression()
expr = df.values.astype(np.float32)
scaler = MinMaxScaler()
train_data = scaler.fit_transform(expr).astype(np.float32)   # each gene scaled to 0..1

n_genes = expr.shape[1]
model = Tybalt(n_genes)
Trainer(model, n_genes).fit(torch.from_numpy(train_data))

model.eval()
with torch.no_grad():
    x_rec, _, _ = model(torch.from_numpy(train_data))
recon = scaler.inverse_transform(x_rec.numpy())
print("reconstructed range:", recon.min().round(3), recon.max().round(3))
gene_means = recon.mean(axis=0)
r2 = 1 - np.mean((recon - expr) ** 2) / np.var(expr)
print(f"RESULT r2={r2:.3f}")
