# Rebuilt from: https://github.com/keras-team/keras/issues/2711
# Report: "Loss not changing when training": in the thread, a user fine-tuning a face model with
#   keras_vggface.utils.preprocess_input as the preprocessing function (flip RGB to BGR, subtract the channel
#   means 93.5940, 104.7624, 129.1863, nothing else) saw the loss stay where it started; rescaling the images
#   with 1/255 instead made it train.
# Bug (planted: TL002): the face crops are only mean-centred the VGGFace way, so the values still span about
#   -130..+160; the small CNN trained with SGD gets huge first updates and the loss stops moving.
# Our own code, written after the report (not copied from it); data: face_crops.npz written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(22)
torch.manual_seed(22)
torch.set_num_threads(1)

DATA = "face_crops.npz"
N_ID = 6


def crop_faces(path, n=1500):
    rng = np.random.default_rng(22)
    yy, xx = np.mgrid[0:32, 0:32] / 31.0
    palettes = rng.uniform(60, 220, (N_ID, 3))
    shapes = [np.exp(-((yy - rng.uniform(0.3, 0.7)) ** 2 + (xx - rng.uniform(0.3, 0.7)) ** 2) / rng.uniform(0.02, 0.08))
              for _ in range(N_ID)]
    ids = rng.integers(0, N_ID, n)
    images = np.empty((n, 32, 32, 3), dtype=np.uint8)
    for i, c in enumerate(ids):
        face = shapes[c][..., None] * palettes[c] + (1 - shapes[c][..., None]) * rng.uniform(40, 200, 3)
        images[i] = np.clip(face + rng.normal(0, 25, (32, 32, 3)), 0, 255)
    np.savez(path, images=images, ids=ids)


def preprocess_input(x):
    x = x[..., ::-1].copy()
    x[..., 0] -= 93.5940
    x[..., 1] -= 104.7624
    x[..., 2] -= 129.1863
    return x


class FaceNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                  nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(32 * 8 * 8, 64), nn.ReLU(), nn.Linear(64, N_ID))

    def forward(self, x):
        return self.head(self.body(x))


if not os.path.exists(DATA):
    crop_faces(DATA)

data = np.load(DATA)
x = preprocess_input(data["images"].astype(np.float32))
x = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
y = torch.from_numpy(data["ids"]).long()

net = FaceNet()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
criterion = nn.CrossEntropyLoss()

for epoch in range(6):
    perm = torch.randperm(1200)
    for i in range(0, 1200, 32):
        idx = perm[i:i + 32]
        loss = criterion(net(x[idx]), y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    predicted = net(x[1200:]).argmax(dim=1)
print(f"RESULT acc={(predicted == y[1200:]).float().mean().item():.4f}")
