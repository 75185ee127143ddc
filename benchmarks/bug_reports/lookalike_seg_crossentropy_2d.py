# Rebuilt from: https://github.com/zijundeng/pytorch-semantic-segmentation/issues/21
# Report: A user asks how the repo's CrossEntropyLoss2d can work when the model output is [8, 2, 96, 160]
#   (two classes) and the mask is [8, 1, 96, 160] holding 0/1 pixels. The maintainer: the 2D cross entropy
#   takes class scores (N, C, H, W) and an index mask, or use sigmoid + BCE with a single channel.
# Not a bug (a look-alike that must stay silent): the prediction is 4-D (N, 2, H, W) and the target is 3-D
#   (N, H, W) long class indices; that is exactly the shape pair nn.CrossEntropyLoss expects, nothing broadcasts.
# Our own code, written after the report (not copied from it); synthetic uint8 road images and 0/1 masks
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(3)


def make_road_scenes(n=160, h=24, w=40):
    imgs = rng.integers(90, 160, size=(n, 3, h, w)).astype(np.uint8)
    masks = np.zeros((n, 1, h, w), dtype=np.uint8)              # stored like the report: N x 1 x H x W
    for i in range(n):
        top = rng.integers(8, 18)
        left, right = rng.integers(0, 12), rng.integers(28, 40)
        masks[i, 0, top:, left:right] = 1
        imgs[i, :, top:, left:right] = rng.integers(20, 70, size=(3, h - top, right - left))
    return imgs, masks


def build_fcn(num_classes=2):
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(),
        nn.Conv2d(16, 16, 3, padding=2, dilation=2), nn.ReLU(),
        nn.Conv2d(16, num_classes, 1),
    )


imgs, masks = make_road_scenes()
X = torch.from_numpy(imgs).float() / 255.0
Y = torch.from_numpy(masks).squeeze(1).long()                   # N x H x W class indices

model = build_fcn()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)

for epoch in range(8):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 8):
        idx = perm[i:i + 8]
        outputs = model(X[idx])                                 # 8 x 2 x H x W
        loss = criterion(outputs, Y[idx])                       # target 8 x H x W
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1} ce {loss.item():.4f}")

with torch.no_grad():
    acc = (model(X).argmax(1) == Y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
