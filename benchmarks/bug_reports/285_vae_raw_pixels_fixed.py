# Rebuilt from: https://github.com/Lasagne/Recipes/issues/54
# Report: The Recipes variational autoencoder (binary=True, cross-entropy reconstruction term) worked on MNIST,
#   but on the user's own 3-channel colour images the training loss went from +1.2e6 to ever larger negative
#   values (-5e6 after 5 epochs). The maintainer pointed at the loss: the cross-entropy term assumes inputs in [0, 1].
# Fixed twin of 285_vae_raw_pixels.py: pixels are divided by 255 before training, so encoder inputs and
#   Bernoulli targets lie in [0, 1].
# Our own code, written after the report (not copied from it); small synthetic 8x8 RGB "patches" instead of photos
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.RandomState(0)


def load_patches(n=600):
    # smooth colour blobs: 3 x 8 x 8 uint8 images built from 3 hidden factors
    yy, xx = np.mgrid[0:8, 0:8] / 7.0
    cx, cy, hue = rng.rand(n, 1, 1), rng.rand(n, 1, 1), rng.rand(n)
    blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / 0.08)
    rgb = np.stack([blob * (0.3 + 0.7 * hue[:, None, None]),
                    blob * (1.0 - 0.7 * hue[:, None, None]),
                    0.2 + 0.5 * blob * 0.5], axis=1)
    imgs = np.clip(rgb * 255 + rng.randn(*rgb.shape) * 6, 0, 255).astype(np.uint8)
    return imgs.reshape(n, -1)


class VAE(nn.Module):
    def __init__(self, d_in=192, n_hid=128, z_dim=4):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d_in, n_hid), nn.Tanh())
        self.mu = nn.Linear(n_hid, z_dim)
        self.logsigma = nn.Linear(n_hid, z_dim)
        self.dec = nn.Sequential(nn.Linear(z_dim, n_hid), nn.Tanh(), nn.Linear(n_hid, d_in), nn.Sigmoid())

    def forward(self, x):
        h = self.enc(x)
        mu, ls = self.mu(h), self.logsigma(h)
        z = mu + torch.exp(ls) * torch.randn_like(mu)
        return self.dec(z), mu, ls


def vae_loss(x_rec, x, mu, ls, eps=1e-6):
    # -log p(x|z) for Bernoulli pixels, plus KL(q(z|x) || N(0, I)), summed over the batch
    logpxz = (x * torch.log(x_rec + eps) + (1 - x) * torch.log(1 - x_rec + eps)).sum()
    kl_div = 0.5 * torch.sum(1 + 2 * ls - mu ** 2 - torch.exp(2 * ls))
    return -(logpxz + kl_div)


images = load_patches()
X = torch.tensor(images, dtype=torch.float32) / 255.0   # intensities scaled to [0, 1]

model = VAE()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
batch_size = 50
for epoch in range(60):
    perm = torch.randperm(len(X))
    total = 0.0
    for i in range(0, len(X), batch_size):
        xb = X[perm[i:i + batch_size]]
        x_rec, mu, ls = model(xb)
        loss = vae_loss(x_rec, xb, mu, ls)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 10 == 0:
        print(f"Epoch {epoch + 1}  training loss: {total / len(X):.3f}")

with torch.no_grad():
    pixels = torch.tensor(images, dtype=torch.float32)
    x_rec, _, _ = model(X)
    rec_pixels = x_rec * 255.0                      # Bernoulli mean -> intensity
    r2 = 1 - torch.mean((rec_pixels - pixels) ** 2) / torch.var(pixels, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
