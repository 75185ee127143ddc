# Rebuilt from: https://github.com/tensorflow/models/issues/9675
# Report: "Does the training scale the input images automatically?", for example dividing the pixels by 255;
#   the answer: no, "you have to scale the data before training the model" (pointing to the CNN tutorial that
#   divides the images by 255).
# Fixed twin of 434_tfmodels_unscaled_gray_dataset.py: the Dataset divides each image by 255 before it reaches
#   the CNN, as the answer says.
# Our own code, written after the report (not copied from it); data: stroke_images.npy written beside it
import os

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

np.random.seed(34)
torch.manual_seed(34)
torch.set_num_threads(1)

NPY = "stroke_images.npy"
SIDE = 14


def draw_strokes(path, n=1500):
    rng = np.random.default_rng(34)
    imgs = rng.integers(0, 40, (n, SIDE, SIDE)).astype(np.uint8)
    kinds = rng.integers(0, 4, n)
    yy, xx = np.mgrid[0:SIDE, 0:SIDE]
    for i, k in enumerate(kinds):
        off = rng.integers(-3, 4)
        if k == 0:
            mask = np.abs(yy - SIDE // 2 - off) <= 1
        elif k == 1:
            mask = np.abs(xx - SIDE // 2 - off) <= 1
        elif k == 2:
            mask = np.abs(yy - xx - off) <= 1
        else:
            mask = np.abs(yy + xx - SIDE + 1 - off) <= 1
        imgs[i][mask] = rng.integers(180, 256)
    np.save(path, imgs)
    np.save(path.replace(".npy", "_kind.npy"), kinds.astype(np.int64))


class StrokeDataset(Dataset):
    def __init__(self, images, kinds):
        self.images = images
        self.kinds = kinds

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        img = torch.from_numpy(self.images[i].astype(np.float32) / 255.0).unsqueeze(0)
        return img, int(self.kinds[i])


class StrokeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 12, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(12, 24, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Linear(24 * 3 * 3, 4)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


if not os.path.exists(NPY):
    draw_strokes(NPY)

images = np.load(NPY)
kinds = np.load(NPY.replace(".npy", "_kind.npy"))
train_loader = DataLoader(StrokeDataset(images[:1200], kinds[:1200]), batch_size=32, shuffle=True)
test_loader = DataLoader(StrokeDataset(images[1200:], kinds[1200:]), batch_size=300)

model = StrokeNet()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()

for epoch in range(8):
    for xb, yb in train_loader:
        loss = criterion(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

correct = 0
with torch.no_grad():
    for xb, yb in test_loader:
        correct += (model(xb).argmax(dim=1) == yb).sum().item()
print(f"RESULT acc={correct / 300:.4f}")
