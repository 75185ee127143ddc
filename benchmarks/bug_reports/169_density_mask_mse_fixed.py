# Rebuilt from: https://hot.dawoai.com/posts/2025/pytorch-tensor-dimension-mismatch-solutions
# Report: Training a fully-convolutional net with nn.MSELoss prints "UserWarning: Using a target size that is
#   different to the input size"; prediction is [Batch, Channel, H, W] while the target map is [Batch, H, W]
#   (missing channel dim). Training runs, but the result is wrong / blurry.
# Fixed twin of 169_density_mask_mse.py: the target map gets its channel dim (target.unsqueeze(0) in __getitem__), so pred and target are both (B,1,H,W)
# Our own code, written after the report (not copied from it); synthetic uint8 images built in the script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)
H = W = 24


def make_blob_images(n):
    yy, xx = np.mgrid[0:H, 0:W]
    imgs = np.zeros((n, H, W), dtype=np.uint8)
    maps = np.zeros((n, H, W), dtype=np.float32)
    for i in range(n):
        m = np.zeros((H, W), dtype=np.float32)
        for _ in range(np.random.randint(1, 4)):
            cy, cx = np.random.uniform(4, H - 4, size=2)
            m += np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * 2.5 ** 2))
        noisy = 40 + 180 * m + np.random.normal(0, 12, size=(H, W))
        imgs[i] = np.clip(noisy, 0, 255).astype(np.uint8)
        maps[i] = m
    return imgs, maps


class BlobDataset(Dataset):
    def __init__(self, imgs, maps):
        self.imgs, self.maps = imgs, maps

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, idx):
        img = torch.from_numpy(self.imgs[idx]).float().unsqueeze(0) / 255.0   # (1, H, W)
        target = torch.from_numpy(self.maps[idx]).unsqueeze(0)                # (1, H, W)
        return img, target


def build_model():
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(),
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(),
        nn.Conv2d(8, 1, 3, padding=1),
    )


def train(model, loader, epochs=8, lr=3e-3):
    criterion = nn.MSELoss()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        total = 0.0
        for img, target in loader:
            pred = model(img)                    # (B, 1, H, W)
            loss = criterion(pred, target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        print(f"epoch {epoch} loss {total / len(loader):.4f}")


imgs, maps = make_blob_images(160)
ds = BlobDataset(imgs, maps)
loader = DataLoader(ds, batch_size=16, shuffle=True)
model = build_model()
train(model, loader)

with torch.no_grad():
    x = torch.from_numpy(imgs).float().unsqueeze(1) / 255.0
    y = torch.from_numpy(maps)
    p = model(x).squeeze(1)
    r2 = 1 - ((p - y) ** 2).mean() / y.var()
print(f"RESULT r2={r2.item():.3f}")
