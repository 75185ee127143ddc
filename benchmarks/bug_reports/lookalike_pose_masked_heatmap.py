# Rebuilt from: https://github.com/Daniil-Osokin/lightweight-human-pose-estimation.pytorch/issues/207
# Report: A user asked about the heatmap loss `(input - target) * mask`: the mask looked inverted and they were
#   unsure which pixels it keeps. The maintainer: the mask zeroes the loss in 'crowd' regions where people are
#   present but keypoints were not labeled.
# Not a bug (a look-alike that must stay silent): per-element MSE (reduction='none') on equal [B,K,H,W] tensors,
#   multiplied by a [B,1,H,W] mask that is meant to apply to every keypoint channel, normalised by the number of
#   valid elements.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)
K, H, W = 2, 16, 16
yy, xx = np.mgrid[0:H, 0:W]


def gaussian(cy, cx, sigma=1.5):
    return np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * sigma ** 2)).astype(np.float32)


class KeypointSet(Dataset):
    def __init__(self, n=300):
        self.items = []
        for _ in range(n):
            pts = np.random.randint(2, H - 2, size=(K, 2))
            img = np.zeros((3, H, W), np.float32)
            heat = np.zeros((K, H, W), np.float32)
            for k, (cy, cx) in enumerate(pts):
                img[k] += gaussian(cy, cx, 0.8)
                heat[k] = gaussian(cy, cx)
            img += 0.05 * np.random.randn(3, H, W).astype(np.float32)
            mask = np.ones((1, H, W), np.float32)
            r, c = np.random.randint(0, H - 5, 2)
            mask[:, r:r + 5, c:c + 5] = 0.0            # crowd region, keypoints unknown there
            heat[:, r:r + 5, c:c + 5] = 0.0
            self.items.append((img, heat, mask))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        img, heat, mask = self.items[i]
        return torch.from_numpy(img), torch.from_numpy(heat), torch.from_numpy(mask)


def l2_loss(pred, target, mask, criterion=nn.MSELoss(reduction="none")):
    per_pixel = criterion(pred, target)                  # [B, K, H, W]
    per_pixel = per_pixel * mask                         # mask [B, 1, H, W] -> same for every keypoint
    return per_pixel.sum() / (mask.sum() * pred.size(1))


net = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(),
                    nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
                    nn.Conv2d(32, K, 3, padding=1))
data = KeypointSet()
loader = DataLoader(data, batch_size=16, shuffle=True)
opt = torch.optim.Adam(net.parameters(), lr=2e-3)
for epoch in range(25):
    for img, heat, mask in loader:
        loss = l2_loss(net(img), heat, mask)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.5f}")

img, heat, mask = next(iter(DataLoader(data, batch_size=len(data))))
with torch.no_grad():
    pred = net(img)
valid = mask.expand_as(heat).bool()
y, p = heat[valid], pred[valid]
r2 = 1 - ((y - p) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
