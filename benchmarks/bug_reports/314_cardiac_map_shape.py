# Rebuilt from: https://github.com/sunjesse/shape-attentive-unet/issues/8
# Report: Training on the AC17 cardiac MRI set, the loss complained that the target size (1, 256, 256)
#   differs from the input size (1, 1, 256, 256); the maintainer changed models.py so the mask
#   target carries the channel dimension (unsqueeze) before it reaches the criterion.
# Bug (planted: TL001): the Dataset returns the blood-pool map as (H, W), so the batch target is
#   (B, H, W) while the net outputs (B, 1, H, W); MSELoss broadcasts to (B, B, H, W) in train().
# Our own code, written after the report (not copied from it); small synthetic "MRI" slices, regression of a soft map
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)
H = W = 16


class CardiacSlices(Dataset):
    """Synthetic short-axis slices: a bright ventricle blob at a random place plus noise."""
    def __init__(self, n=160):
        yy, xx = np.mgrid[0:H, 0:W]
        self.imgs, self.maps = [], []
        for _ in range(n):
            cy, cx = np.random.uniform(4, 12, size=2)
            r = np.random.uniform(1.5, 3.0)
            blob = np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r ** 2))
            img = blob + 0.15 * np.random.randn(H, W)
            self.imgs.append(img.astype(np.float32))
            self.maps.append(blob.astype(np.float32))

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, i):
        img = torch.from_numpy(self.imgs[i]).unsqueeze(0)   # (1, H, W)
        target = torch.from_numpy(self.maps[i])              # (H, W)
        return img, target


class TinyUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(),
                                 nn.Conv2d(8, 8, 3, padding=1), nn.ReLU())
        self.dec = nn.Sequential(nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(),
                                 nn.Conv2d(8, 1, 1))

    def forward(self, x):
        return self.dec(self.enc(x))


def train(model, loader, epochs=8):
    crit = nn.MSELoss()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for ep in range(epochs):
        total = 0.0
        for img, target in loader:
            pred = model(img)
            loss = crit(pred, target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        if ep % 4 == 0:
            print(f"epoch {ep} loss {total / len(loader):.5f}")


ds = CardiacSlices()
loader = DataLoader(ds, batch_size=8, shuffle=True)
model = TinyUNet()
train(model, loader)

with torch.no_grad():
    X = torch.stack([ds[i][0] for i in range(len(ds))])
    Y = torch.stack([ds[i][1] for i in range(len(ds))])
    P = model(X).squeeze(1)
    r2 = 1 - ((P - Y) ** 2).mean() / Y.var()
print(f"RESULT r2={r2.item():.3f}")
