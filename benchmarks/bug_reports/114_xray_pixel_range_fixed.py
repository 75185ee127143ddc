# Rebuilt from: https://github.com/mlmed/torchxrayvision/issues/9
# Report: Using the library's X-ray dataset objects (pixels mapped to [-1024, 1024]) to train a different,
#   shallower network with default weight init gave inf and nan right after the first training
#   iteration; normalizing the pixels to mean 0 / std 1 made it train fine.
# Fixed twin of 114_xray_pixel_range.py: __getitem__ standardizes each image to mean 0 / std 1 (the fix from the report).
# Our own code, written after the report (not copied from it); images are synthetic (numpy Generator)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)


def to_xray_range(img_uint8, maxval=255):
    # same idea as the library: map [0, maxval] onto [-1024, 1024]
    return (2 * (img_uint8.astype(np.float32) / maxval) - 1.0) * 1024


class XrayDataset(Dataset):
    def __init__(self, n=256, size=24, seed=0):
        rng = np.random.default_rng(seed)
        self.labels = rng.integers(0, 2, size=n)
        imgs = rng.normal(90, 25, size=(n, size, size))
        yy, xx = np.mgrid[:size, :size]
        for i in range(n):
            if self.labels[i] == 1:  # a bright round opacity somewhere in the lung field
                cy, cx = rng.integers(6, size - 6, size=2)
                imgs[i] += 110 * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 18.0)
        self.imgs = np.clip(imgs, 0, 255).astype(np.uint8)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        img = to_xray_range(self.imgs[idx])[None]
        img = (img - img.mean()) / (img.std() + 1e-6)
        return torch.from_numpy(img), int(self.labels[idx])


class ShallowNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 6 * 6, 2)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(x.flatten(1))


def train(model, loader, epochs=4):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
        print(f"epoch {epoch} last loss {loss.item():.4f}")


ds = XrayDataset()
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = ShallowNet()
train(model, loader)

correct = 0
with torch.no_grad():
    for x, y in DataLoader(ds, batch_size=128):
        correct += (model(x).argmax(1) == y).sum().item()
print("RESULT acc=%.3f" % (correct / len(ds)))
