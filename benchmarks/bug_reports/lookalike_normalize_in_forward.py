# Rebuilt from: https://github.com/lucidrains/recurrent-interface-network-pytorch/pull/5
# Report: A contributor thought the raw image, not the normalized one, was being used in the computations and
#   opened a PR to feed the normalized image instead; the author replied that the normalization is akin to the
#   first layer of the network (and could be moved into the model as a module), so the PR was closed.
# Not a bug (a look-alike that must stay silent): the data pipeline hands raw 0..255 pixels to the model, but the
#   model's forward divides by 255 and applies per-channel (x - mean) / std before the first conv.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
np.random.seed(0)


def load_patches(n=600, size=12):
    """Fake 12x12 RGB patches as uint8: class 0 = horizontal stripes, 1 = vertical, 2 = checker."""
    labels = np.random.randint(0, 3, n)
    imgs = np.zeros((n, 3, size, size), np.float32)
    ii, jj = np.mgrid[0:size, 0:size]
    patterns = [(ii // 2) % 2, (jj // 2) % 2, ((ii // 2) + (jj // 2)) % 2]
    for k in range(n):
        tint = np.random.uniform(60, 200, size=(3, 1, 1))
        imgs[k] = tint + 40 * patterns[labels[k]][None] + np.random.normal(0, 25, (3, size, size))
    return np.clip(imgs, 0, 255).astype(np.uint8), labels


class PatchNet(nn.Module):
    def __init__(self, mean=(0.50, 0.50, 0.50), std=(0.20, 0.20, 0.20)):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, 3, 1, 1))
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.head = nn.Linear(32, 3)

    def normalize(self, img):
        img = img.float() / 255.0
        return (img - self.mean) / self.std

    def forward(self, img):
        x = self.normalize(img)
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.head(x.mean(dim=(2, 3)))


raw_imgs, labels = load_patches()
images = torch.from_numpy(raw_imgs)          # uint8, 0..255
targets = torch.from_numpy(labels).long()
model = PatchNet()
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
for epoch in range(10):
    perm = torch.randperm(len(images))
    for i in range(0, len(images), 32):
        idx = perm[i:i + 32]
        loss = F.cross_entropy(model(images[idx]), targets[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (model(images).argmax(1) == targets).float().mean().item()
print(f"RESULT acc={acc:.3f}")
