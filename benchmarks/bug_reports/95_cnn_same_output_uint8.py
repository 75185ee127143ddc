# Rebuilt from: http://pullrequest.ru/10248037/cnn-keras-shodyatsya-odnomu-tomu-zhe-znacheniy-nezavisimo-vvoda
# Report: A small CNN "converges to one and the same value regardless of the input": every image gets
#   the same prediction. Answer: you forgot to normalize the images, x_train is in [0, 255], which
#   causes huge gradient updates and stalls training; use x_train.astype('float32') / 255.
# Bug (planted: TL002): the uint8 image array is only cast with astype('float32') and never divided by
#   255, so the 0..255 pixels reach the SGD-trained CNN directly.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(3)
rng = np.random.default_rng(3)


def make_images(n, size=16):
    """uint8 grey images: class 0 has a bright horizontal bar, class 1 a bright vertical bar."""
    imgs = rng.integers(0, 90, size=(n, size, size)).astype(np.uint8)
    labels = rng.integers(0, 2, n)
    for i in range(n):
        p = rng.integers(2, size - 4)
        if labels[i] == 0:
            imgs[i, p:p + 3, :] = rng.integers(180, 256, size=(3, size))
        else:
            imgs[i, :, p:p + 3] = rng.integers(180, 256, size=(size, 3))
    return imgs, labels


x_train, y_train = make_images(600)
x_train = x_train.astype('float32')
x_train = x_train[:, None, :, :]          # N, 1, H, W


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc1 = nn.Linear(32 * 4 * 4, 64)
        self.fc2 = nn.Linear(64, 2)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.flatten(1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


model = SmallCNN()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
X = torch.from_numpy(x_train)
Y = torch.from_numpy(y_train).long()

batch_size = 32
for epoch in range(8):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(X[idx]), Y[idx])
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} last batch loss {loss.item():.4f}")

with torch.no_grad():
    preds = model(X).argmax(1)
    acc = (preds == Y).float().mean().item()
print("distinct predictions:", preds.unique().tolist())
print(f"RESULT acc={acc:.3f}")
