# Rebuilt from: https://github.com/dingmyu/CamNet/pull/4
# Report: (PR "Fixes prediction shapes in loss calculations") The predictions and the labels have different
#         shapes when the L1 losses are computed: `trans` is [BS, 3, 1, 1] while the label
#         `translation_var` is [BS, 3]. PyTorch does not throw, it broadcasts, "which results in wrong
#         loss values".
# Bug (planted: TL001): the convolutional pose head ends in a 1x1 conv on a pooled map, so `trans` is
#         (B, 3, 1, 1); nn.L1Loss against the (B, 3) translation label broadcasts to (B, 3, B, 3).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader, random_split

torch.manual_seed(0)
np.random.seed(0)


class RelativePoseDataset(Dataset):
    """Synthetic 'camera' crops: a bright landmark whose position encodes (tx, ty) and size encodes tz."""

    def __init__(self, n=600, size=24):
        yy, xx = np.mgrid[0:size, 0:size] / (size - 1) * 2 - 1
        self.images, self.translations = [], []
        for _ in range(n):
            tx, ty = np.random.uniform(-0.7, 0.7, size=2)
            tz = np.random.uniform(0.6, 1.6)
            sigma = 0.25 / tz
            img = np.exp(-((xx - tx) ** 2 + (yy - ty) ** 2) / (2 * sigma ** 2))
            img = img + np.random.normal(0, 0.05, img.shape)
            self.images.append(img[None].astype(np.float32))
            self.translations.append(np.array([tx, ty, tz], dtype=np.float32))

    def __len__(self):
        return len(self.images)

    def __getitem__(self, idx):
        return self.images[idx], self.translations[idx]


class TranslationNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1))
        self.trans_head = nn.Sequential(nn.Conv2d(64, 64, 1), nn.ReLU(), nn.Conv2d(64, 3, 1))

    def forward(self, x):
        return self.trans_head(self.features(x))            # (B, 3, 1, 1)


full = RelativePoseDataset()
train_set, val_set = random_split(full, [480, 120], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_set, batch_size=32, shuffle=True)

model = TranslationNet()
criterion = nn.L1Loss()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

for epoch in range(15):
    for img, translation_var in train_loader:
        trans = model(img)
        loss = criterion(trans, translation_var)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch:2d} L1 {loss.item():.4f}")

imgs = torch.stack([torch.from_numpy(full[i][0]) for i in train_set.indices])
targets = torch.stack([torch.from_numpy(full[i][1]) for i in train_set.indices])
with torch.no_grad():
    pred = model(imgs).view(-1, 3)
r2_per_dim = 1 - ((pred - targets) ** 2).mean(0) / targets.var(0, unbiased=False)
print("r2 per axis (tx, ty, tz):", [round(v, 3) for v in r2_per_dim.tolist()])
print(f"RESULT r2={r2_per_dim.mean().item():.3f}")
