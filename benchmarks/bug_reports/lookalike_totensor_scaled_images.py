# Rebuilt from: https://discuss.pytorch.org/t/does-pytorch-automatically-normalizes-image-to-0-1/40022
# Report: A newcomer loaded an image folder with Compose([RandomSizedCrop, ToTensor(), Normalize(0.5, 0.5)])
#   and saw values in (-1, 1); he asked whether PyTorch silently rescales the 0..255 images to (0, 1) and
#   where, because he never divided by 255 himself.
# Not a bug (a look-alike that must stay silent): ToTensor() converts uint8 HWC images to float CHW and
#   divides by 255; Normalize(0.5, 0.5) then maps to [-1, 1]. The raw uint8 arrays stored in the dataset
#   never reach the network unscaled. (torchvision is not installed here, so the two transforms are
#   re-implemented with the same behaviour.)
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(0)


class ToTensor:
    """Same contract as torchvision.transforms.ToTensor for uint8 arrays: HWC [0,255] -> CHW float [0,1]."""
    def __call__(self, pic):
        t = torch.from_numpy(pic.transpose(2, 0, 1).copy())
        if pic.dtype == np.uint8:
            t = t.float().div(255)
        return t


class Normalize:
    def __init__(self, mean, std):
        self.mean = torch.tensor(mean).view(-1, 1, 1)
        self.std = torch.tensor(std).view(-1, 1, 1)

    def __call__(self, t):
        return (t - self.mean) / self.std


class Compose:
    def __init__(self, ts):
        self.ts = ts

    def __call__(self, x):
        for t in self.ts:
            x = t(x)
        return x


class FolderLikeDataset(Dataset):
    """Stands in for ImageFolder: 8-bit RGB pictures of stripes (class 0) or checkerboards (class 1)."""
    def __init__(self, n, transform):
        self.transform = transform
        self.images, self.labels = [], []
        yy, xx = np.mgrid[0:24, 0:24]
        for i in range(n):
            label = i % 2
            period = rng.integers(3, 7)
            if label == 0:
                pattern = (xx // period) % 2
            else:
                pattern = ((xx // period) + (yy // period)) % 2
            color = rng.integers(80, 256, 3)
            img = pattern[..., None] * color[None, None, :] + rng.integers(0, 40, (24, 24, 3))
            self.images.append(np.clip(img, 0, 255).astype(np.uint8))
            self.labels.append(label)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, idx):
        return self.transform(self.images[idx]), self.labels[idx]


Transformations = Compose([ToTensor(), Normalize(mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5])])
image_data = FolderLikeDataset(400, transform=Transformations)
data_loader = DataLoader(image_data, batch_size=50, shuffle=True)

images, labels = next(iter(data_loader))
print("batch range:", images.min().item(), images.max().item())

model = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
    nn.Flatten(), nn.Linear(32, 2),
)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.CrossEntropyLoss()
for epoch in range(10):
    for images, labels in data_loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()

correct = total = 0
with torch.no_grad():
    for images, labels in DataLoader(image_data, batch_size=100):
        correct += (model(images).argmax(1) == labels).sum().item()
        total += len(labels)
print(f"RESULT acc={correct / total:.3f}")
