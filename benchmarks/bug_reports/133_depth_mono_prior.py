# Rebuilt from: https://github.com/wrld/Free-SurGS/issues/3
# Report: Training with the demo data fails inside the depth loss; a commenter found that the
#   monocular depth prior has shape (1, 480, 640) while the rendered depth is (480, 640) -
#   "they just miss a dimension"; the maintainer confirmed and fixed the depth loss inputs.
# Bug (planted: TL001): the predicted depth is squeezed to (B, H, W) but the depth prior from the
#   Dataset keeps its leading axis, (B, 1, H, W); F.smooth_l1_loss broadcasts them to (B, B, H, W).
# Our own code, written after the report (not copied from it); synthetic scenes, no data file.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)
H = W = 24


def make_scene():
    """A tilted floor plus one box; nearer surfaces are brighter and less textured."""
    yy, xx = np.mgrid[0:H, 0:W] / H
    tilt = np.random.uniform(0.5, 2.0)
    depth = 1.0 + tilt * (1 - yy) + 0.3 * np.random.rand()
    x0, y0, s = np.random.randint(0, W - 8), np.random.randint(0, H - 8), np.random.randint(4, 8)
    depth[y0:y0 + s, x0:x0 + s] = np.random.uniform(0.6, 1.0)
    rgb = np.stack([1.0 / depth, 0.8 / depth, 0.5 / depth + 0.05 * np.random.rand()])
    rgb += 0.03 * np.random.randn(3, H, W)
    return rgb.astype(np.float32), depth[None].astype(np.float32)   # depth prior (1, H, W)


class SceneDataset(Dataset):
    def __init__(self, n=300):
        pairs = [make_scene() for _ in range(n)]
        self.rgb = np.stack([p[0] for p in pairs])
        self.depth = np.stack([p[1] for p in pairs])

    def __len__(self):
        return len(self.rgb)

    def __getitem__(self, i):
        return torch.from_numpy(self.rgb[i]), torch.from_numpy(self.depth[i])


class DepthNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(),
                                 nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.dec = nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(32, 16, 3, padding=1), nn.ReLU(),
                                 nn.Conv2d(16, 1, 3, padding=1))

    def forward(self, x):
        return self.dec(self.enc(x)).squeeze(1)          # rendered-style depth (B, H, W)


class Trainer:
    def __init__(self, model, lr=2e-3):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)

    def depth_loss(self, pred, prior):
        return F.smooth_l1_loss(pred, prior)

    def fit(self, loader, epochs=10):
        for ep in range(epochs):
            for rgb, prior in loader:
                self.opt.zero_grad()
                loss = self.depth_loss(self.model(rgb), prior)
                loss.backward()
                self.opt.step()
            if ep % 4 == 0:
                print(f"epoch {ep} depth loss {loss.item():.4f}")


ds = SceneDataset()
net = DepthNet()
Trainer(net).fit(DataLoader(ds, batch_size=16, shuffle=True))

with torch.no_grad():
    pred = net(torch.from_numpy(ds.rgb))
    gt = torch.from_numpy(ds.depth)[:, 0]
    r2 = 1 - ((pred - gt) ** 2).mean() / gt.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
