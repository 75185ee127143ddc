# Rebuilt from: https://github.com/kratzert/finetune_alexnet_with_tensorflow/issues/79
# Report: "data pre-processing before finetuning, divide by 255?": the images go into the network with only the
#   mean pixel [103, 116, 123] subtracted, i.e. in roughly [-128, 128]; the reporter gets clearly better
#   accuracy once the mean-subtracted images are also divided by 255, and without it training "more easily
#   suffers NaN" at learning rates above 0.001; the author agrees he should scale, better by the per-channel
#   standard deviation.
# Fixed twin of 431_alexnet_finetune_mean_only.py: after the mean is subtracted the patches are also divided
#   by the per-channel standard deviation of the training images, as the author recommends.
# Our own code, written after the report (not copied from it); data: texture_patches.npy written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(31)
torch.manual_seed(31)
torch.set_num_threads(1)

NPY = "texture_patches.npy"
SIDE = 12
MEAN_BGR = np.array([103.939, 116.779, 123.68], dtype=np.float32)


def photograph_textures(path, n=900):
    rng = np.random.default_rng(31)
    imgs = np.zeros((n, SIDE, SIDE, 3), dtype=np.uint8)
    labels = rng.integers(0, 3, n)
    yy, xx = np.mgrid[0:SIDE, 0:SIDE]
    for i, c in enumerate(labels):
        period = rng.integers(2, 5)
        if c == 0:
            pattern = (yy // period) % 2
        elif c == 1:
            pattern = (xx // period) % 2
        else:
            pattern = ((yy // period) + (xx // period)) % 2
        lo, hi = rng.integers(0, 110, 3), rng.integers(140, 256, 3)
        img = np.where(pattern[..., None] == 1, hi, lo) + rng.normal(0, 12, (SIDE, SIDE, 3))
        imgs[i] = img.clip(0, 255).astype(np.uint8)
    np.save(path, imgs)
    np.save(path.replace(".npy", "_labels.npy"), labels.astype(np.int64))


if not os.path.exists(NPY):
    photograph_textures(NPY)

imgs = np.load(NPY).astype(np.float32)
labels = torch.from_numpy(np.load(NPY.replace(".npy", "_labels.npy")))
imgs = (imgs - MEAN_BGR) / imgs[:700].std(axis=(0, 1, 2))
x_all = torch.from_numpy(imgs).permute(0, 3, 1, 2).contiguous()

net = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 3 * 3, 64), nn.ReLU(), nn.Linear(64, 3),
)
optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
criterion = nn.CrossEntropyLoss()
n_train = 700

for epoch in range(12):
    perm = torch.randperm(n_train)
    for s in range(0, n_train, 32):
        idx = perm[s:s + 32]
        loss = criterion(net(x_all[idx]), labels[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 4 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = net(x_all[n_train:]).argmax(dim=1)
acc = (pred == labels[n_train:]).float().mean()
print(f"RESULT acc={acc.item():.4f}")
