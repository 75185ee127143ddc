# Rebuilt from: https://github.com/feevos/ceecnet/issues/7
# Report: a user asks whether the distance targets must be multiplied by 100 in the loss, since the
#   preprocessing script multiplies them by 100. Maintainer: they are stored x100 as uint8 only for
#   compression; the dataset __getitem__ casts the uint8 data to float32 and divides by 100, so the
#   network gets values in [0, 1] and nothing else needs changing.
# Not a bug (a look-alike that must stay silent): the arrays loaded with np.load are uint8 0-100 and look
#   raw, but PatchDataset.__getitem__ converts them to float32 and divides by 100 before they reach the model.
# Our own code, written after the report (not copied from it); data: *_u8.npy from make_ceec_patches.py
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
np.random.seed(0)


class PatchDataset(Dataset):
    def __init__(self, mask_file, dist_file):
        self.masks = np.load(mask_file)  # uint8, value*100
        self.dists = np.load(dist_file)  # uint8, value*100

    def __len__(self):
        return len(self.masks)

    def __getitem__(self, idx):
        x = self.masks[idx].astype(np.float32) / 100.0
        y = self.dists[idx].astype(np.float32) / 100.0
        return torch.from_numpy(x)[None], torch.from_numpy(y)[None]


def train(model, loader, epochs, lr=0.05):
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(x), y)
            loss.backward()
            opt.step()
        if epoch % 5 == 0:
            print(f"epoch {epoch} mse {loss.item():.5f}")


model = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
    nn.Conv2d(16, 16, 3, padding=2, dilation=2), nn.ReLU(),
    nn.Conv2d(16, 16, 3, padding=2, dilation=2), nn.ReLU(),
    nn.Conv2d(16, 1, 3, padding=1),
)
ds = PatchDataset("building_masks_u8.npy", "distance_u8.npy")
train(model, DataLoader(ds, batch_size=32, shuffle=True), epochs=20)

with torch.no_grad():
    x_all = torch.stack([ds[i][0] for i in range(len(ds))])
    y_all = torch.stack([ds[i][1] for i in range(len(ds))])
    pred = model(x_all)
r2 = 1 - torch.mean((pred - y_all) ** 2) / torch.var(y_all, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
