# Rebuilt from: https://richoncode.github.io/webartests/learning-vps/learning-deep-homography/modules/08-tuning-optimizer.html
# Report: Corner-coordinate regression for deep homography does not converge: the loss plateaus and the network
#   collapses to predicting the "average" quad for every input. Checklist fix: inputs must be scaled to [0, 1]
#   (divide pixels by 255) and target corners divided by the canvas size.
# Bug (planted: TL002): the MLP is fed raw 0..255 uint8 pixel intensities (only the corner targets are scaled by
#   the canvas size) and trained with plain SGD, so the first-layer activations blow up.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
SIZE = 16


def render_quads(n=600):
    rng = np.random.default_rng(2)
    base = np.array([[4, 4], [11, 4], [11, 11], [4, 11]], dtype=np.float32)
    corners = base[None] + rng.uniform(-3, 3, (n, 4, 2)).astype(np.float32)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    imgs = np.zeros((n, SIZE, SIZE), dtype=np.uint8)
    for i in range(n):
        inside = np.ones((SIZE, SIZE), bool)
        for j in range(4):
            (x0, y0), (x1, y1) = corners[i, j], corners[i, (j + 1) % 4]
            inside &= (x1 - x0) * (yy - y0) - (y1 - y0) * (xx - x0) >= 0
        imgs[i] = np.where(inside, 220, 30) + rng.integers(0, 20, (SIZE, SIZE))
    return imgs, corners.reshape(n, 8)


imgs, corners = render_quads()
X = torch.tensor(imgs.reshape(len(imgs), -1), dtype=torch.float32)
Y = torch.tensor(corners / SIZE, dtype=torch.float32)

net = nn.Sequential(nn.Linear(SIZE * SIZE, 128), nn.ReLU(), nn.Linear(128, 8))
opt = torch.optim.SGD(net.parameters(), lr=0.05)
loss_fn = nn.MSELoss()

for epoch in range(40):
    perm = torch.randperm(len(X))
    for s in range(0, len(X), 50):
        b = perm[s:s + 50]
        opt.zero_grad()
        loss = loss_fn(net(X[b]), Y[b])
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.5f}")

with torch.no_grad():
    pred = net(X)
    r2 = 1 - ((pred - Y) ** 2).mean() / ((Y - Y.mean(0)) ** 2).mean()
print(f"RESULT r2={r2.item():.3f}")
