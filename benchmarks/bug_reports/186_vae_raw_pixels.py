# Rebuilt from: https://github.com/wohlert/semi-supervised-pytorch/issues/9
# Report: A beta-VAE trained on a home-made dsprites-like dataset (small shapes on a plain
#   background) returned NaN reconstructions, and with them a NaN loss. The reporter then found
#   they "just needed to normalize the pixel values" of their data.
# Bug (planted: TL002): load_shapes() returns uint8 pixels in 0..255 and they go into the VAE as
#   float without dividing by 255 (encoder inputs and targets far from unit scale).
# Our own code, written after the report (not copied from it); images are built with numpy in the script
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

SIDE = 12


def load_shapes(n=1500):
    imgs = np.zeros((n, SIDE, SIDE), dtype=np.uint8)
    for k in range(n):
        r, c = np.random.randint(1, SIDE - 4, size=2)
        if k % 2 == 0:
            imgs[k, r:r + 3, c:c + 3] = 255                 # square
        else:
            imgs[k, r + 1, c:c + 3] = 255                   # plus sign
            imgs[k, r:r + 3, c + 1] = 255
    return imgs.reshape(n, -1)


class VAE(nn.Module):
    def __init__(self, d=SIDE * SIDE, h=64, z=6):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d, h), nn.ReLU())
        self.mu, self.logvar = nn.Linear(h, z), nn.Linear(h, z)
        self.dec = nn.Sequential(nn.Linear(z, h), nn.ReLU(), nn.Linear(h, d))

    def forward(self, x):
        hdn = self.enc(x)
        mu, logvar = self.mu(hdn), self.logvar(hdn)
        zs = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.dec(zs), mu, logvar


def elbo_loss(recon, x, mu, logvar, beta=0.5):
    rec = F.mse_loss(recon, x, reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return (rec + beta * kl) / x.shape[0]


data = torch.tensor(load_shapes(), dtype=torch.float32)
loader = DataLoader(TensorDataset(data), batch_size=100, shuffle=True)
model = VAE()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(25):
    tot = 0.0
    for (xb,) in loader:
        recon, mu, logvar = model(xb)
        loss = elbo_loss(recon, xb, mu, logvar)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tot += loss.item()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {tot / len(loader):.2f}")

with torch.no_grad():
    model.eval()
    hdn = model.enc(data)
    recon = model.dec(model.mu(hdn))
    r2 = 1 - ((recon - data) ** 2).mean() / data.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
