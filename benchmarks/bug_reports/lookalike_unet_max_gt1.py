# Rebuilt from: https://github.com/milesial/Pytorch-UNet/issues/142
# Report: A newcomer asks about the preprocessing line `if img_trans.max() > 1: img_trans = img_trans / 255` in
#   the U-Net dataset: why would the values already be below 1? The maintainer explains that grayscale /
#   black-and-white masks load as 0/1, while RGB images load as 0..255 and must be scaled to 0..1.
# Not a bug (a look-alike that must stay silent): the division by 255 is conditional but it runs for every
#   photo (max > 1) and is skipped only for the 0/1 masks, which are already in range; the mask also keeps
#   its channel dim, so BCEWithLogitsLoss gets (B,1,H,W) for both prediction and target.
# Our own code, written after the report (not copied from it); synthetic uint8 images and 0/1 masks
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)


def make_cells(n=160, size=32):
    yy, xx = np.mgrid[0:size, 0:size]
    imgs = np.empty((n, size, size, 3), dtype=np.uint8)
    masks = np.empty((n, size, size), dtype=np.uint8)
    for i in range(n):
        m = np.zeros((size, size), dtype=bool)
        for _ in range(rng.integers(1, 4)):
            cy, cx, r = rng.uniform(5, size - 5), rng.uniform(5, size - 5), rng.uniform(3, 6)
            m |= (yy - cy) ** 2 + (xx - cx) ** 2 < r ** 2
        base = np.where(m[..., None], [190, 120, 150], [60, 70, 50]) + rng.normal(0, 30, (size, size, 3))
        imgs[i] = np.clip(base, 0, 255).astype(np.uint8)
        masks[i] = m.astype(np.uint8)
    return imgs, masks


def preprocess(pil_img):
    img_nd = np.array(pil_img)
    if len(img_nd.shape) == 2:
        img_nd = np.expand_dims(img_nd, axis=2)
    img_trans = img_nd.transpose((2, 0, 1)).astype(np.float32)     # HWC -> CHW
    if img_trans.max() > 1:
        img_trans = img_trans / 255
    return img_trans


class BasicDataset(Dataset):
    def __init__(self, imgs, masks):
        self.imgs, self.masks = imgs, masks

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, i):
        img = preprocess(self.imgs[i])
        mask = preprocess(self.masks[i])
        return {'image': torch.from_numpy(img), 'mask': torch.from_numpy(mask)}


class TinyUNet(nn.Module):
    def __init__(self, n_channels=3, n_classes=1):
        super().__init__()
        self.down = nn.Sequential(nn.Conv2d(n_channels, 16, 3, padding=1), nn.ReLU())
        self.pool = nn.MaxPool2d(2)
        self.mid = nn.Sequential(nn.Conv2d(16, 32, 3, padding=1), nn.ReLU())
        self.up = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.out = nn.Conv2d(32, n_classes, 1)

    def forward(self, x):
        x1 = self.down(x)
        x2 = self.up(self.mid(self.pool(x1)))
        return self.out(torch.cat([x1, x2], dim=1))


imgs, masks = make_cells()
loader = DataLoader(BasicDataset(imgs, masks), batch_size=8, shuffle=True)
net = TinyUNet()
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(net.parameters(), lr=3e-3)

for epoch in range(6):
    for batch in loader:
        imgs_b, true_masks = batch['image'], batch['mask']
        masks_pred = net(imgs_b)
        loss = criterion(masks_pred, true_masks)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1} bce {loss.item():.4f}")

with torch.no_grad():
    ds = loader.dataset
    X = torch.stack([ds[i]['image'] for i in range(len(ds))])
    M = torch.stack([ds[i]['mask'] for i in range(len(ds))])
    acc = ((net(X) > 0).float() == M).float().mean().item()
print(f"RESULT acc={acc:.3f}")
