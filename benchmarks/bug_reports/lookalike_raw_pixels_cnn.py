# Rebuilt from: https://discuss.codingblocks.com/t/scaling-pixel-values-to-0-1/27136
# Report: A learner asks why pixel values should be scaled to [0, 1] when all of them already share the
#   same 0..255 range; the answer calls it a good habit (images contribute evenly to the loss).
# Not a bug (a look-alike that must stay silent): raw 0..255 pixels go into a small CNN trained with
#   Adam; all inputs share one scale and Adam's per-parameter steps absorb it, so training works.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

np.random.seed(7)
torch.manual_seed(7)

class BarImages(Dataset):
    """12x12 grey images with a bright horizontal (label 0) or vertical (label 1) bar, values 0..255."""
    def __init__(self, n=240):
        self.images = np.random.randint(0, 60, size=(n, 1, 12, 12)).astype(np.uint8)
        self.labels = np.random.randint(0, 2, size=n)
        for i in range(n):
            k = np.random.randint(2, 10)
            if self.labels[i] == 0:
                self.images[i, 0, k, :] = np.random.randint(180, 256, size=12)
            else:
                self.images[i, 0, :, k] = np.random.randint(180, 256, size=12)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        img = torch.tensor(self.images[idx], dtype=torch.float32)   # still 0..255
        return img, int(self.labels[idx])

class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 3 * 3, 2)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(x.flatten(1))

ds = BarImages()
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = SmallCNN()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

for epoch in range(4):
    for xb, yb in loader:
        opt.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        opt.step()
    print("epoch", epoch, "loss", round(loss.item(), 4))

correct = 0
with torch.no_grad():
    for xb, yb in DataLoader(ds, batch_size=100):
        correct += (model(xb).argmax(1) == yb).sum().item()
print(f"RESULT acc={correct / len(ds):.3f}")
