# Rebuilt from: https://github.com/HowieMa/NSRMhand/issues/6
# Report: A user of a hand-keypoint heatmap network finds that plain nn.MSELoss() gives an
#   "abnormally large" loss and asks why the repo uses MSELoss(reduction='sum') divided by
#   (batch * 46 * 46) on outputs of shape (batch, stages, keypoints, 46, 46).
# Not a bug (a look-alike that must stay silent): prediction and target heatmaps have identical
#   (B, S, C, H, W) shapes; the sum / (B*H*W) is only a rescaling of the mean that keeps the
#   loss proportional to the number of stages and keypoints.
# Our own code, written after the report (not copied from it); synthetic keypoint images.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)
K, S, HM = 3, 2, 16


def gaussian_heatmap(cx, cy, sigma=1.5):
    yy, xx = np.mgrid[0:HM, 0:HM]
    return np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * sigma ** 2))


class HandDataset(Dataset):
    def __init__(self, n=400):
        self.img = np.zeros((n, 3, HM, HM), dtype=np.float32)
        self.hm = np.zeros((n, K, HM, HM), dtype=np.float32)
        for i in range(n):
            for k in range(K):
                cx, cy = np.random.randint(2, HM - 2, size=2)
                self.img[i, k, cy - 1:cy + 2, cx - 1:cx + 2] = 1.0
                self.hm[i, k] = gaussian_heatmap(cx, cy)
            self.img[i] += 0.1 * np.random.rand(3, HM, HM)

    def __len__(self):
        return len(self.img)

    def __getitem__(self, i):
        label = torch.from_numpy(self.hm[i]).unsqueeze(0).repeat(S, 1, 1, 1)   # (S, K, H, W)
        return torch.from_numpy(self.img[i]), label


class StagedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stage1 = nn.Sequential(nn.Conv2d(3, 32, 5, padding=2), nn.ReLU(), nn.Conv2d(32, K, 5, padding=2))
        self.stage2 = nn.Sequential(nn.Conv2d(3 + K, 32, 5, padding=2), nn.ReLU(), nn.Conv2d(32, K, 5, padding=2))

    def forward(self, x):
        h1 = self.stage1(x)
        h2 = self.stage2(torch.cat([x, h1], 1))
        return torch.stack([h1, h2], dim=1)              # (B, S, K, H, W)


def sum_mse_loss(pred, target):
    criterion = nn.MSELoss(reduction='sum')
    loss = criterion(pred, target)
    return loss / (pred.shape[0] * HM * HM)


def train(model, loader, epochs=15):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for ep in range(epochs):
        for img, label in loader:
            opt.zero_grad()
            loss = sum_mse_loss(model(img), label)
            loss.backward()
            opt.step()
        if ep % 5 == 0:
            print(f"epoch {ep} loss {loss.item():.4f}")


ds = HandDataset()
model = StagedNet()
train(model, DataLoader(ds, batch_size=32, shuffle=True))

with torch.no_grad():
    pred = model(torch.from_numpy(ds.img))[:, -1]
    y = torch.from_numpy(ds.hm)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
