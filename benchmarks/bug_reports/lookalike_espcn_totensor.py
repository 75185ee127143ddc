# Rebuilt from: https://github.com/leftthomas/ESPCN/issues/30
# Report: A user of an ESPCN super-resolution repo could not find where the training input and target images
#   (loaded from files as 0..255) are normalized, while the model output is expected in [0, 1]; they suspected
#   the loss compares [0, 1] outputs with [0, 255] targets.
# Not a bug (a look-alike that must stay silent): the Dataset converts both images with a ToTensor-style helper
#   (to_tensor divides uint8 by 255), so the training loop sees [0, 1] inputs and targets even though it never
#   divides by 255 itself.
# Our own code, written after the report (not copied from it); synthetic uint8 image pairs built in the script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)
UPSCALE = 2


def build_image_pairs(n=200, size=32):
    yy, xx = np.mgrid[0:size, 0:size] / size
    hr = np.empty((n, size, size), dtype=np.uint8)
    for i in range(n):
        fx, fy, ph = rng.uniform(1, 4), rng.uniform(1, 4), rng.uniform(0, 6.28)
        img = 0.5 + 0.25 * np.sin(2 * np.pi * fx * xx + ph) + 0.25 * np.cos(2 * np.pi * fy * yy)
        hr[i] = np.clip(255 * img, 0, 255).astype(np.uint8)
    lr = hr.reshape(n, size // 2, 2, size // 2, 2).mean(axis=(2, 4)).astype(np.uint8)
    return lr, hr


def to_tensor(pic):
    """uint8 HxW array -> float tensor 1xHxW in [0, 1] (what transforms.ToTensor does)."""
    return torch.from_numpy(pic).float().div(255).unsqueeze(0)


class DatasetFromArrays(Dataset):
    def __init__(self, lr, hr):
        self.lr, self.hr = lr, hr

    def __getitem__(self, index):
        return to_tensor(self.lr[index]), to_tensor(self.hr[index])

    def __len__(self):
        return len(self.lr)


class Net(nn.Module):
    def __init__(self, upscale_factor):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5, padding=2)
        self.conv2 = nn.Conv2d(32, 16, 3, padding=1)
        self.conv3 = nn.Conv2d(16, upscale_factor ** 2, 3, padding=1)
        self.pixel_shuffle = nn.PixelShuffle(upscale_factor)

    def forward(self, x):
        x = torch.tanh(self.conv1(x))
        x = torch.tanh(self.conv2(x))
        return torch.sigmoid(self.pixel_shuffle(self.conv3(x)))


lr_imgs, hr_imgs = build_image_pairs()
train_loader = DataLoader(DatasetFromArrays(lr_imgs, hr_imgs), batch_size=16, shuffle=True)
model = Net(UPSCALE)
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

for epoch in range(15):
    for data, target in train_loader:
        loss = criterion(model(data), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 5 == 4:
        print(f"epoch {epoch + 1} mse {loss.item():.5f}")

with torch.no_grad():
    ds = train_loader.dataset
    X = torch.stack([ds[i][0] for i in range(len(ds))])
    Y = torch.stack([ds[i][1] for i in range(len(ds))])
    P = model(X)
    r2 = 1 - ((P - Y) ** 2).mean() / Y.var()
print(f"RESULT r2={r2.item():.3f}")
