# Rebuilt from: https://github.com/Idein/chainer-pose-proposal-net/issues/9
# Report: A reader notices the pose network is fed images whose pixel values are not normalized (no /255)
#   and asks why; the author answers there is no special reason, the network still gives the wanted
#   results, and batch normalization probably takes care of the input scale.
# Not a bug (a look-alike that must stay silent): raw 0-255 pixels go into a conv net whose first conv is
#   followed by BatchNorm and which is trained with Adam; the heatmap targets (same shape as the output) are in [0,1].
# Our own code, written after the report (not copied from it); images made in the script as uint8
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0); np.random.seed(0)
torch.set_num_threads(1)
S = 16

def make_heatmap_data(n=300):
    rng = np.random.RandomState(4)
    yy, xx = np.mgrid[0:S, 0:S]
    imgs = np.zeros((n, 1, S, S), np.uint8); heat = np.zeros((n, 1, S, S), np.float32)
    for i in range(n):
        for _ in range(2):
            cx, cy = rng.uniform(2, S - 2, 2)
            g = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / 3.0)
            heat[i, 0] = np.maximum(heat[i, 0], g)
            imgs[i, 0] = np.clip(imgs[i, 0] + 150 * (g > 0.3), 0, 255)
        imgs[i, 0] = np.clip(imgs[i, 0] + rng.normal(50, 15, (S, S)), 0, 255)
    return imgs, heat

imgs, heat = make_heatmap_data()
X = torch.from_numpy(imgs).float()          # raw 0-255, as in the report
Y = torch.from_numpy(heat)
model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
                      nn.Conv2d(16, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
                      nn.Conv2d(16, 1, 3, padding=1))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for epoch in range(15):
    model.train()
    for xb, yb in DataLoader(TensorDataset(X, Y), batch_size=32, shuffle=True):
        loss = nn.MSELoss()(model(xb), yb)
        opt.zero_grad(); loss.backward(); opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} mse {loss.item():.5f}")

model.eval()
with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - Y) ** 2).mean() / Y.var()
print(f"RESULT r2={r2.item():.3f}")
