# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/2320
# Report: In the notMNIST exercise the video normalizes pixels as (value - 128) / 128, but the code computes
#   (value - pixel_depth / 2) / pixel_depth with pixel_depth = 255, i.e. a [-0.5, 0.5] range instead of [-1, 1].
#   The reporter thought this was a mistake; the maintainer: "it doesn't matter".
# Not a bug (a look-alike that must stay silent): the flattened letter images are centred and scaled to
#   [-0.5, 0.5] before the MLP, so the inputs are normalized; the factor 2 is irrelevant.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

image_size = 28
pixel_depth = 255.0


def make_letters(n_per_class=200, n_classes=5):
    """Crude glyphs: each class is a different stroke pattern, randomly shifted, with noise, 0..255."""
    images, labels = [], []
    for c in range(n_classes):
        for _ in range(n_per_class):
            img = np.zeros((image_size, image_size))
            dx, dy = np.random.randint(-3, 4, size=2)
            r0, r1 = 8 + dy, 20 + dy
            c0, c1 = 8 + dx, 20 + dx
            if c == 0: img[r0:r1, c0:c0 + 3] = 255                      # |
            if c == 1: img[r0:r0 + 3, c0:c1] = 255                      # -
            if c == 2: img[r0:r1, c0:c0 + 3] = 255; img[r1 - 3:r1, c0:c1] = 255   # L
            if c == 3: np.fill_diagonal(img[r0:r1, c0:c1], 255)          # \
            if c == 4: img[r0:r1, c0:c1] = 255; img[r0 + 3:r1 - 3, c0 + 3:c1 - 3] = 0  # box
            img = np.clip(img + np.random.normal(0, 30, img.shape), 0, 255)
            images.append(img)
            labels.append(c)
    return np.array(images), np.array(labels)


images, labels = make_letters()
dataset = (images.astype(np.float32) - pixel_depth / 2) / pixel_depth
X = torch.tensor(dataset.reshape(-1, image_size * image_size))
y = torch.tensor(labels)

model = nn.Sequential(nn.Linear(image_size * image_size, 128), nn.ReLU(), nn.Linear(128, 5))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.CrossEntropyLoss()

for epoch in range(15):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 64):
        idx = perm[i:i + 64]
        optimizer.zero_grad()
        loss = criterion(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}") if epoch % 5 == 0 else None

with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
