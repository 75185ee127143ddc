# Rebuilt from: https://github.com/pytorch/pytorch/issues/11067
# Report: Training an image-to-image CNN with MSE fails after the user resized the original images:
#   "input and target shapes do not match: input [1 x 3 x 96 x 144], target [1 x 1 x 96 x 144]".
#   The reply: MSE requires both tensors to have the same shape.
# Bug (planted: TL001): the 3-channel SRCNN-style network is trained against a 1-channel (luma)
#   HR target built by the Y-channel preprocessing; MSELoss broadcasts (B,1,H,W) over (B,3,H,W).
# Our own code, written after the report (not copied from it); synthetic RGB images, no data file.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.RandomState(0)


def make_hr_images(n=250, size=24):
    imgs = np.empty((n, 3, size, size), dtype=np.float32)
    yy, xx = np.mgrid[0:size, 0:size]
    for i in range(n):
        img = np.ones((3, size, size), dtype=np.float32) * rng.uniform(0, 1, size=(3, 1, 1))
        for _ in range(3):
            cx, cy, r = rng.randint(3, size - 3), rng.randint(3, size - 3), rng.randint(2, 7)
            mask = (xx - cx) ** 2 + (yy - cy) ** 2 < r ** 2
            img[:, mask] = rng.uniform(0, 1, size=(3, 1))
        imgs[i] = img
    return imgs


def rgb_to_y(img):
    return (0.299 * img[0:1] + 0.587 * img[1:2] + 0.114 * img[2:3])


class SRDataset(Dataset):
    def __init__(self, hr, scale=2):
        self.hr = torch.from_numpy(hr)
        lr = F.interpolate(self.hr, scale_factor=1 / scale, mode="bicubic", align_corners=False)
        self.lr_up = F.interpolate(lr, scale_factor=scale, mode="bicubic", align_corners=False)

    def __len__(self):
        return len(self.hr)

    def __getitem__(self, idx):
        return self.lr_up[idx], rgb_to_y(self.hr[idx])


class SRCNN(nn.Module):
    def __init__(self, num_channels=3):
        super().__init__()
        self.conv1 = nn.Conv2d(num_channels, 32, kernel_size=9, padding=4)
        self.conv2 = nn.Conv2d(32, 16, kernel_size=1)
        self.conv3 = nn.Conv2d(16, num_channels, kernel_size=5, padding=2)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        return self.conv3(x)


def train(model, loader, epochs=15, lr=2e-3):
    criterion = nn.MSELoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        for lr_img, hr_img in loader:
            optimizer.zero_grad()
            loss = criterion(model(lr_img), hr_img)
            loss.backward()
            optimizer.step()
        if epoch % 5 == 0:
            print(f"epoch {epoch} mse {loss.item():.4f}")


hr = make_hr_images()
ds = SRDataset(hr)
model = SRCNN()
train(model, DataLoader(ds, batch_size=32, shuffle=True))

with torch.no_grad():
    out = model(ds.lr_up)
    target = ds.hr
    r2 = 1 - ((out - target) ** 2).mean() / target.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
