# Rebuilt from: https://github.com/aitorzip/PyTorch-CycleGAN/issues/15
# Report: Training this LSGAN-style (MSELoss) GAN prints "UserWarning: using a target size
#   (torch.Size([1])) that is different to input size (torch.Size([1, 1]))"; the fix proposed is to
#   drop the trailing -1 in the discriminator's .view(x.size()[0], -1) so that it returns (B,).
# Fixed twin of 134_lsgan_noisy_labels.py: the discriminator returns .view(x.size()[0]) -> (B,), matching the labels.
# Our own code, written after the report (not copied from it); synthetic 16x16 blobs, no data file.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)
Z = 16


def real_batch(n):
    yy, xx = torch.meshgrid(torch.arange(16.), torch.arange(16.), indexing="ij")
    c = torch.rand(n, 2, 1, 1) * 8 + 4
    img = torch.exp(-((xx - c[:, :1]) ** 2 + (yy - c[:, 1:]) ** 2) / 6.0)
    return img * 2 - 1                                     # (n, 1, 16, 16) in [-1, 1]


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(Z, 32 * 4 * 4)
        self.net = nn.Sequential(nn.ConvTranspose2d(32, 16, 4, 2, 1), nn.ReLU(),
                                 nn.ConvTranspose2d(16, 1, 4, 2, 1), nn.Tanh())

    def forward(self, z):
        return self.net(F.relu(self.fc(z)).view(-1, 32, 4, 4))


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(nn.Conv2d(1, 16, 4, 2, 1), nn.LeakyReLU(0.2),
                                   nn.Conv2d(16, 32, 4, 2, 1), nn.LeakyReLU(0.2),
                                   nn.Conv2d(32, 1, 3, padding=1))

    def forward(self, x):
        x = self.model(x)
        return F.avg_pool2d(x, x.size()[2:]).view(x.size()[0])


netG, netD = Generator(), Discriminator()
criterion_GAN = nn.MSELoss()
opt_G = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_D = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
batch_size = 32

for it in range(400):
    real = real_batch(batch_size)
    fake = netG(torch.randn(batch_size, Z))

    # discriminator: one stacked batch with noisy labels (real ~ U(0.7,1.2), fake ~ U(0,0.3))
    opt_D.zero_grad()
    images = torch.cat([real, fake.detach()])
    labels = torch.cat([torch.empty(batch_size).uniform_(0.7, 1.2),
                        torch.empty(batch_size).uniform_(0.0, 0.3)])
    loss_D = criterion_GAN(netD(images), labels)
    loss_D.backward()
    opt_D.step()

    # generator
    opt_G.zero_grad()
    target_real = torch.ones(batch_size)
    loss_G = criterion_GAN(netD(fake), target_real)
    loss_G.backward()
    opt_G.step()
    if it % 200 == 0:
        print(f"iter {it} loss_D {loss_D.item():.3f} loss_G {loss_G.item():.3f}")

# how well does D tell held-out real images from generator samples?
with torch.no_grad():
    d_real = netD(real_batch(500)).view(-1)
    d_fake = netD(netG(torch.randn(500, Z))).view(-1)
    acc = 0.5 * ((d_real > 0.5).float().mean() + (d_fake < 0.5).float().mean())
print(f"D(real) {d_real.mean():.3f}  D(fake) {d_fake.mean():.3f}")
print(f"RESULT acc={acc.item():.3f}")
