# Rebuilt from: https://forums.fast.ai/t/lesson-3-book-chapter-4-dividing-by-255/107811
# Report: "If I don't divide by 255 it screws up training later on" (MNIST basics:
#   uint8 images loaded into float tensors).
# Bug (planted: TL002): uint8 images (0..255) become float tensors with `.float()`
#   and go into a small CNN never divided by 255 or normalized.
# Our own code, written after the report (not copied from it): synthetic 28x28
# images, class 1 when the bright blob is in the right half.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(4)
n_images = 1024
images = rng.integers(0, 60, size=(n_images, 1, 28, 28), dtype=np.uint8)
labels = rng.integers(0, 2, size=n_images)
for index, label in enumerate(labels):
    row = rng.integers(4, 20)
    col = rng.integers(15, 22) if label else rng.integers(2, 9)
    images[index, 0, row:row + 6, col:col + 6] = 255

X = torch.from_numpy(images).float()
y = torch.from_numpy(labels).long()

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 7 * 7, 2),
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.CrossEntropyLoss()
for epoch in range(3):
    for i in range(0, n_images, 64):
        optimizer.zero_grad()
        loss = criterion(model(X[i:i + 64]), y[i:i + 64])
        loss.backward()
        optimizer.step()

with torch.no_grad():
    accuracy = (model(X).argmax(dim=1) == y).float().mean()
print(f"RESULT accuracy={accuracy.item():.3f}")
