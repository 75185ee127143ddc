# Rebuilt from: https://github.com/XiaXuehai/faceboxes/issues/5
# Report: A user thought the pixel scale differs between training and testing: the test image fed to the
#   network looked like raw 0-255 values while training images are divided by 255 in a to-tensor step.
#   Maintainer: the image goes through the dataset's __getitem__ / totensor in both cases, so it is
#   divided by 255 both times.
# Not a bug (a look-alike that must stay silent): the uint8 crops look raw where they are built and
#   where the loop reads them, but ListDataset.__getitem__ passes every crop through totensor(), which
#   divides by 255 before the network sees it.
# Our own code, written after the report (not copied from it); images are synthetic (numpy Generator)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)


def totensor(img_hwc_uint8):
    """HWC uint8 -> CHW float in [0, 1] (what torchvision's ToTensor does)."""
    return torch.from_numpy(img_hwc_uint8.transpose(2, 0, 1).copy()).float().div(255)


class ListDataset(Dataset):
    def __init__(self, n=300, size=24, seed=0):
        rng = np.random.default_rng(seed)
        self.labels = rng.integers(0, 2, n)
        crops = rng.integers(0, 256, size=(n, size, size, 3)).astype(np.float32) * 0.5 + 40
        for i in np.flatnonzero(self.labels):  # "face" crops: a warm bright oval in the middle
            crops[i, 6:18, 8:16, 0] += 90
            crops[i, 6:18, 8:16, 1] += 50
        self.crops = np.clip(crops, 0, 255).astype(np.uint8)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        img = self.crops[idx]
        return totensor(img), int(self.labels[idx])


net = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 6 * 6, 2),
)
train_loader = DataLoader(ListDataset(), batch_size=32, shuffle=True)
optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()

for epoch in range(5):
    for images, targets in train_loader:
        optimizer.zero_grad()
        loss = criterion(net(images), targets)
        loss.backward()
        optimizer.step()
    print("epoch", epoch, "loss", loss.item())

correct, total = 0, 0
with torch.no_grad():
    for images, targets in DataLoader(ListDataset(), batch_size=100):
        correct += (net(images).argmax(1) == targets).sum().item()
        total += len(targets)
print("RESULT acc=%.3f" % (correct / total))
