# Rebuilt from: https://github.com/kornia/kornia/issues/1308
# Report: A batched binary focal loss on mask logits of shape (B, 1, H, W) is computed pairwise along the
#   batch dimension (an internal shape of (B, B, 1, ...)) because of an extra unsqueeze; removing the
#   (un)squeezing lines makes the loss per-sample again.
# Fixed twin of 218_mask_focal_unsqueeze.py: removed the extra target.unsqueeze(1) so logits and target are both (B,1,H,W)
# Our own code, written after the report (not copied from it); images and masks made in the script as uint8
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(1); np.random.seed(1)
torch.set_num_threads(1)
S = 16

def make_cells(n):
    yy, xx = np.mgrid[0:S, 0:S]
    imgs = np.zeros((n, S, S), np.uint8); masks = np.zeros((n, S, S), np.uint8)
    for i in range(n):
        m = np.zeros((S, S), bool)
        for _ in range(np.random.randint(1, 4)):
            cy, cx, r = np.random.uniform(2, 14, 2).tolist() + [np.random.uniform(1.5, 4)]
            m |= (yy - cy) ** 2 + (xx - cx) ** 2 < r ** 2
        img = np.where(m, 170, 60) + np.random.normal(0, 25, (S, S))
        imgs[i] = np.clip(img, 0, 255); masks[i] = m
    return imgs, masks

class CellSet(Dataset):
    def __init__(self, imgs, masks):
        self.imgs, self.masks = imgs, masks
    def __len__(self):
        return len(self.imgs)
    def __getitem__(self, i):
        x = torch.from_numpy(self.imgs[i]).float()[None] / 255.0
        y = torch.from_numpy(self.masks[i]).float()[None]
        return (x - 0.45) / 0.25, y

def binary_focal_loss(logits, target, alpha=0.25, gamma=2.0):
    p = torch.sigmoid(logits)
    p_t = p * target + (1 - p) * (1 - target)
    a_t = alpha * target + (1 - alpha) * (1 - target)
    ce = -(target * torch.log(p + 1e-8) + (1 - target) * torch.log(1 - p + 1e-8))
    return (a_t * (1 - p_t) ** gamma * ce).mean()

model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
                      nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
                      nn.Conv2d(16, 1, 1))
imgs, masks = make_cells(320)
loader = DataLoader(CellSet(imgs, masks), batch_size=32, shuffle=True)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for epoch in range(12):
    for x, y in loader:
        loss = binary_focal_loss(model(x), y)
        opt.zero_grad(); loss.backward(); opt.step()
    print(f"epoch {epoch} focal {loss.item():.4f}")

with torch.no_grad():
    x_all = torch.stack([CellSet(imgs, masks)[i][0] for i in range(len(imgs))])
    y_all = torch.from_numpy(masks).float()[:, None]
    pred = (model(x_all) > 0).float()
    acc = (pred == y_all).float().mean()
print(f"RESULT acc={acc.item():.3f}")
