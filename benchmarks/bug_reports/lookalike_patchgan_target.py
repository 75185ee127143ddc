# Rebuilt from: https://github.com/junyanz/CycleGAN/issues/66
# Report: "why does not the discriminator output a scalar?" - the CycleGAN/pix2pix discriminator
#   returns a map of real/fake scores (e.g. 30x30 per image) instead of one number, and the
#   LSGAN (MSE) loss is applied to that whole map.
# Not a bug (a look-alike that must stay silent): it is a PatchGAN by design; the label tensor is
#   built with expand_as(prediction), so prediction and target have exactly the same (B,1,h,w)
#   shape and the MSE averages the per-patch scores as the paper describes.
# Our own code, written after the report (not copied from it); synthetic outline->filled pairs.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


class OutlineToFill(Dataset):
    def __init__(self, n=300, size=16):
        self.a = np.zeros((n, 1, size, size), dtype=np.float32)
        self.b = np.zeros((n, 1, size, size), dtype=np.float32)
        for i in range(n):
            x0, y0 = np.random.randint(1, 7, size=2)
            w, h = np.random.randint(5, 9, size=2)
            self.b[i, 0, y0:y0 + h, x0:x0 + w] = np.random.uniform(0.4, 1.0)
            self.a[i, 0, y0:y0 + h, x0:x0 + w] = 1.0
            self.a[i, 0, y0 + 1:y0 + h - 1, x0 + 1:x0 + w - 1] = 0.0

    def __len__(self):
        return len(self.a)

    def __getitem__(self, i):
        return torch.from_numpy(self.a[i]), torch.from_numpy(self.b[i])


class GANLoss(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("real_label", torch.tensor(1.0))
        self.register_buffer("fake_label", torch.tensor(0.0))
        self.loss = nn.MSELoss()

    def __call__(self, prediction, target_is_real):
        target = self.real_label if target_is_real else self.fake_label
        return self.loss(prediction, target.expand_as(prediction))


netG = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(),
                     nn.Conv2d(32, 32, 5, padding=2), nn.ReLU(),
                     nn.Conv2d(32, 1, 3, padding=1))
netD = nn.Sequential(nn.Conv2d(2, 16, 4, 2, 1), nn.LeakyReLU(0.2),
                     nn.Conv2d(16, 1, 4, 2, 1))           # PatchGAN: (B, 1, 4, 4) score map
criterionGAN, criterionL1 = GANLoss(), nn.L1Loss()
opt_G = torch.optim.Adam(netG.parameters(), lr=2e-3)
opt_D = torch.optim.Adam(netD.parameters(), lr=2e-4)

ds = OutlineToFill()
for epoch in range(15):
    for real_A, real_B in DataLoader(ds, batch_size=32, shuffle=True):
        fake_B = netG(real_A)
        opt_D.zero_grad()
        loss_D = 0.5 * (criterionGAN(netD(torch.cat([real_A, fake_B.detach()], 1)), False)
                        + criterionGAN(netD(torch.cat([real_A, real_B], 1)), True))
        loss_D.backward()
        opt_D.step()
        opt_G.zero_grad()
        loss_G = 0.05 * criterionGAN(netD(torch.cat([real_A, fake_B], 1)), True) + criterionL1(fake_B, real_B)
        loss_G.backward()
        opt_G.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss_D {loss_D.item():.3f} loss_G {loss_G.item():.3f}")

with torch.no_grad():
    out = netG(torch.from_numpy(ds.a))
    y = torch.from_numpy(ds.b)
    r2 = 1 - ((out - y) ** 2).mean() / y.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
