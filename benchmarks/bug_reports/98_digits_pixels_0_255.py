# Rebuilt from: https://github.com/BrainJS/brain.js/issues/466
# Report: Digit recognition from a CSV of 28x28 images, each row pixel0..pixel783 with values 0 to 255
#   fed as-is ({pixel0: 0, pixel1: 0, pixel2: 255, ...}); the outputs are totally wrong. The reporter's
#   own edit: "I think I have totally forgotten one fundamental thing" - the pixels were never scaled
#   to 0..1.
# Bug (planted: TL002): np.loadtxt gives 0..255 pixel values that are turned into float tensors and fed
#   to the sigmoid MLP (SGD) without dividing by 255; the hidden units saturate and it barely learns.
# Our own code, written after the report (not copied from it); data: digits_0_255.csv (8x8 digits, 0..255), a small made-up table beside this script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(466)

raw = np.loadtxt("digits_0_255.csv", delimiter=",", skiprows=1)
labels = raw[:, 0].astype(np.int64)
pixels = raw[:, 1:].astype(np.float32)
print("pixel range:", pixels.min(), pixels.max())

X = torch.from_numpy(pixels)
y = torch.from_numpy(labels)
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)

net = nn.Sequential(
    nn.Linear(64, 32),
    nn.Sigmoid(),
    nn.Linear(32, 10),
)
optimizer = torch.optim.SGD(net.parameters(), lr=0.5)
criterion = nn.CrossEntropyLoss()


def train_epoch():
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(net(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    return total / len(X)


for epoch in range(30):
    err = train_epoch()
    if epoch % 5 == 0:
        print(f"epoch {epoch} error {err:.4f}")

with torch.no_grad():
    acc = (net(X).argmax(dim=1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
