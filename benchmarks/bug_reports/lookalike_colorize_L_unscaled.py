# Rebuilt from: https://github.com/bnsreenu/python_for_microscopists/issues/6
# Report: In the autoencoder image-colorization tutorial the L channel (0..100) is fed to the conv net without
#   dividing by 100, while the ab targets are divided by 128. The reporter asked whether L must be scaled too.
# Not a bug (a look-alike that must stay silent): L in 0..100 into a small CNN trained with Adam trains fine;
#   the author answered that scaling L only speeds things up a bit and "it does not matter much".
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


def make_lab_images(n=256, size=16):
    """Synthetic Lab images: ab colour is a smooth function of local lightness."""
    yy, xx = np.mgrid[0:size, 0:size] / size
    L, ab = [], []
    for _ in range(n):
        fx, fy, ph = np.random.uniform(1, 4), np.random.uniform(1, 4), np.random.uniform(0, 6.28)
        light = 50 + 45 * np.sin(fx * 6.28 * xx + ph) * np.cos(fy * 3.14 * yy)
        a = 60 * np.tanh((light - 50) / 25)
        b = 40 * np.cos(light / 15)
        L.append(light[None])
        ab.append(np.stack([a, b]) / 128.0)
    return np.array(L, dtype=np.float32), np.array(ab, dtype=np.float32)


L, ab = make_lab_images()
X, Y = torch.tensor(L), torch.tensor(ab)       # X is the raw L channel, 0..100

model = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
    nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
    nn.Conv2d(16, 2, 3, padding=1), nn.Tanh())
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.MSELoss()

for epoch in range(40):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 16):
        idx = perm[i:i + 16]
        optimizer.zero_grad()
        loss = criterion(model(X[idx]), Y[idx])
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} mse {loss.item():.5f}")

with torch.no_grad():
    pred = model(X)
r2 = 1 - ((pred - Y) ** 2).mean().item() / Y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
