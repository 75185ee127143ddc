# Rebuilt from: https://github.com/ethanluoyc/pytorch-vae/issues/1
# Report: The MLP VAE trained with nn.MSELoss on MNIST stops working on a newer PyTorch with
#   "Using a target size (torch.Size([128, 1, 28, 28])) that is different to the input size
#   (torch.Size([128, 784]))"; the reply: "simply view(-1, 784) can solve it".
# Fixed twin of 131_vae_flat_target.py: the target is flattened with inputs.view(-1, input_dim) in the loss.
# Our own code, written after the report (not copied from it); synthetic 16x16 "glyphs", no data file.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)
input_dim = 16 * 16


class GlyphDataset(Dataset):
    """Bars and rings at random positions, flattened to a 1 x 256 'image'."""
    def __init__(self, n=1500):
        imgs = np.zeros((n, 16, 16), dtype=np.float32)
        yy, xx = np.mgrid[0:16, 0:16]
        for i in range(n):
            kind = np.random.randint(3)
            c = np.random.randint(4, 12, size=2)
            if kind == 0:
                imgs[i, :, c[0] - 1:c[0] + 2] = 1.0
            elif kind == 1:
                imgs[i, c[1] - 1:c[1] + 2, :] = 1.0
            else:
                r = np.sqrt((yy - c[1]) ** 2 + (xx - c[0]) ** 2)
                imgs[i] = (np.abs(r - 3.5) < 1.2).astype(np.float32)
        self.data = imgs

    def __len__(self):
        return len(self.data)

    def __getitem__(self, idx):
        return torch.from_numpy(self.data[idx]).view(1, -1)


class Encoder(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        return F.relu(self.linear2(F.relu(self.linear1(x))))


class VAE(nn.Module):
    def __init__(self, latent_dim=8, hidden=128):
        super().__init__()
        self.encoder = Encoder(input_dim, hidden, hidden)
        self._enc_mu = nn.Linear(hidden, latent_dim)
        self._enc_log_sigma = nn.Linear(hidden, latent_dim)
        self.decoder = nn.Sequential(nn.Linear(latent_dim, hidden), nn.ReLU(), nn.Linear(hidden, input_dim))

    def forward(self, x, sample=True):
        h = self.encoder(x.view(x.size(0), -1))
        self.z_mean = self._enc_mu(h)
        self.z_sigma = torch.exp(self._enc_log_sigma(h))
        z = self.z_mean + (self.z_sigma * torch.randn_like(self.z_sigma) if sample else 0)
        return self.decoder(z)


def latent_loss(z_mean, z_stddev):
    mean_sq = z_mean * z_mean
    stddev_sq = z_stddev * z_stddev
    return 0.5 * torch.mean(mean_sq + stddev_sq - torch.log(stddev_sq) - 1)


dataset = GlyphDataset()
dataloader = DataLoader(dataset, batch_size=64, shuffle=True)
vae = VAE()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(vae.parameters(), lr=1e-3)

for epoch in range(20):
    for inputs in dataloader:
        optimizer.zero_grad()
        dec = vae(inputs)
        ll = latent_loss(vae.z_mean, vae.z_sigma)
        loss = criterion(dec, inputs.view(-1, input_dim)) + 0.01 * ll
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(epoch, round(loss.item(), 4))

with torch.no_grad():
    x = torch.from_numpy(dataset.data).view(-1, input_dim)
    recon = vae(x, sample=False)
    r2 = 1 - ((recon - x) ** 2).mean() / x.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
