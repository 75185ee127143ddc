# Rebuilt from: https://github.com/Daniil-Osokin/lightweight-human-pose-estimation.pytorch/issues/140
# Report: A user noticed the pose network normalizes images as (img - 128) / 256 instead of dividing by 255
#   and asked why. The author: a typo made before training, the released model was trained with it and
#   works; it changes nothing of substance.
# Not a bug (a look-alike that must stay silent): (img - 128) / 256 puts pixels in [-0.5, 0.5), a perfectly
#   good input scale; the keypoint regressor below trains normally with it.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

SIZE = 32


def make_images(n=600):
    """One bright 'joint' blob per image on a noisy background; target = its (x, y) in pixels."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    imgs, kps = [], []
    for _ in range(n):
        x, y = np.random.uniform(4, SIZE - 4, size=2)
        img = 40 + 20 * np.random.rand(SIZE, SIZE) + 200 * np.exp(-((xx - x) ** 2 + (yy - y) ** 2) / 6.0)
        imgs.append(np.clip(img, 0, 255).astype(np.uint8))
        kps.append([x, y])
    return np.array(imgs), np.array(kps, dtype=np.float32)


def normalize(img, img_mean=128, img_scale=1 / 256):
    return (img.astype(np.float32) - img_mean) * img_scale


imgs, kps = make_images()
X = torch.tensor(normalize(imgs))[:, None]
Y = torch.tensor(kps / SIZE)                     # (N, 2) keypoint in [0, 1]

model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 8 * 8, 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.MSELoss()

for epoch in range(25):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 32):
        idx = perm[i:i + 32]
        optimizer.zero_grad()
        loss = criterion(model(X[idx]), Y[idx])
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.5f}")

with torch.no_grad():
    pred = model(X)
r2 = 1 - ((pred - Y) ** 2).mean().item() / Y.var(dim=0, unbiased=False).mean().item()
print(f"RESULT r2={r2:.3f}")
