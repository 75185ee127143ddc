# Rebuilt from: https://github.com/mks0601/3DMPPE_POSENET_RELEASE/issues/69
# Report: The demo feeds images that were never divided by 255 (values around 1000 after the mean/std
#   normalization meant for [0,1] images) into the pose network, yet the keypoint predictions are good;
#   the author confirms the missing /255 is harmless because the weights adapt to 0-255 inputs.
# Not a bug (a look-alike that must stay silent): the network is a CNN with BatchNorm after its first conv,
#   trained with Adam, so the input scale is absorbed; keypoint targets are in [0,1].
# Our own code, written after the report (not copied from it); crops made in the script as uint8
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0); np.random.seed(0)
torch.set_num_threads(1)
S = 24
PIXEL_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
PIXEL_STD = np.array([0.229, 0.224, 0.225], np.float32)

class JointCrops(Dataset):
    """Each crop shows one bright joint blob; target is its (x, y) position in [0, 1]."""
    def __init__(self, n=400):
        rng = np.random.RandomState(5)
        yy, xx = np.mgrid[0:S, 0:S]
        self.crops, self.joints = [], []
        for _ in range(n):
            jx, jy = rng.uniform(3, S - 3, 2)
            blob = np.exp(-((xx - jx) ** 2 + (yy - jy) ** 2) / 6.0)
            img = rng.uniform(20, 90, 3) + blob[..., None] * rng.uniform(120, 160, 3) + rng.normal(0, 10, (S, S, 3))
            self.crops.append(np.clip(img, 0, 255).astype(np.uint8))
            self.joints.append(np.array([jx, jy], np.float32) / S)
    def __len__(self):
        return len(self.crops)
    def __getitem__(self, i):
        img = (self.crops[i].astype(np.float32) - PIXEL_MEAN) / PIXEL_STD   # no /255, as in the report
        return torch.from_numpy(img).permute(2, 0, 1), torch.from_numpy(self.joints[i])

net = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Flatten(), nn.Linear(32 * (S // 4) ** 2, 64), nn.ReLU(), nn.Linear(64, 2))
ds = JointCrops()
loader = DataLoader(ds, batch_size=32, shuffle=True)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
for epoch in range(15):
    net.train()
    for x, y in loader:
        loss = nn.functional.mse_loss(net(x), y)
        opt.zero_grad(); loss.backward(); opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} mse {loss.item():.5f}")

net.eval()
with torch.no_grad():
    x, y = next(iter(DataLoader(ds, batch_size=len(ds))))
    pred = net(x)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(0).mean()
print(f"RESULT r2={r2.item():.3f}")
