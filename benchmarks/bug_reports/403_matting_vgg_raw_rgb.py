# Rebuilt from: https://github.com/huochaitiantang/pytorch-deep-image-matting/issues/12
# Report: "absence of normalization": inspecting the input stream of the Deep Image Matting re-implementation,
#   a user found that the composited RGB image reaches the VGG-style encoder-decoder un-normalized (0..255),
#   although the VGG backbone assumes pixels divided by 255 and normalized with the ImageNet mean/std. The
#   author agreed this "may lead to bad performance" and planned to retrain with normalized input.
# Bug (planted: TL002): MattingDataset composites fg/bg into 0..255 uint8 images and concatenates the trimap;
#   the encoder-decoder is trained on the raw RGB values and predicts worse alpha mattes.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

CROP = 24
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def make_alpha(rng):
    yy, xx = np.mgrid[0:CROP, 0:CROP]
    cy, cx, r = rng.uniform(7, 17), rng.uniform(7, 17), rng.uniform(4, 8)
    d = np.sqrt((yy - cy) ** 2 + (xx - cx) ** 2)
    return np.clip((r - d) / 2.5 + 0.5, 0, 1).astype(np.float32)       # soft-edged blob


def make_trimap(alpha):
    trimap = np.full(alpha.shape, 128, dtype=np.uint8)
    trimap[alpha >= 0.999] = 255
    trimap[alpha <= 0.001] = 0
    return trimap


class MattingDataset(Dataset):
    def __init__(self, n, seed):
        rng = np.random.default_rng(seed)
        self.samples = []
        for _ in range(n):
            alpha = make_alpha(rng)
            fg = (rng.uniform(0, 255, 3) + rng.normal(0, 25, (CROP, CROP, 3))).clip(0, 255)
            bg = (rng.uniform(0, 255, 3) + rng.normal(0, 25, (CROP, CROP, 3))).clip(0, 255)
            img = (alpha[..., None] * fg + (1 - alpha[..., None]) * bg).astype(np.uint8)
            self.samples.append((img, make_trimap(alpha), alpha))

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, i):
        img, trimap, alpha = self.samples[i]
        img = img.astype(np.float32)
        tri = trimap.astype(np.float32)[..., None] / 255.0
        x = np.concatenate([img, tri], axis=2).transpose(2, 0, 1)
        return torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(alpha)[None], \
            torch.from_numpy(trimap)[None]


def conv_block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True))


class DeepMattingNet(nn.Module):
    """Small VGG-like encoder-decoder: RGB + trimap in, alpha out."""

    def __init__(self):
        super().__init__()
        self.enc1 = conv_block(4, 16)
        self.enc2 = conv_block(16, 32)
        self.dec2 = conv_block(32, 16)
        self.dec1 = nn.Conv2d(32, 16, 3, padding=1)
        self.pred = nn.Conv2d(16, 1, 3, padding=1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(F.max_pool2d(e1, 2))
        d2 = F.interpolate(self.dec2(e2), scale_factor=2, mode="nearest")
        d1 = F.relu(self.dec1(torch.cat([d2, e1], 1)))
        return torch.sigmoid(self.pred(d1))


def alpha_prediction_loss(pred, gt, trimap, eps=1e-6):
    weight = (trimap == 128).float()
    diff = torch.sqrt((pred - gt) ** 2 + eps ** 2)
    return (diff * weight).sum() / (weight.sum() + 1.0)


train_loader = DataLoader(MattingDataset(240, seed=1), batch_size=16, shuffle=True)
test_set = MattingDataset(80, seed=2)

model = DeepMattingNet()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)

for epoch in range(12):
    for x, alpha, trimap in train_loader:
        pred = model(x)
        loss = alpha_prediction_loss(pred, alpha, trimap)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} alpha loss {loss.item():.4f}")

model.eval()
xs, alphas, trimaps = zip(*[test_set[i] for i in range(len(test_set))])
with torch.no_grad():
    pred = model(torch.stack(xs))
gt, tri = torch.stack(alphas), torch.stack(trimaps)
unknown = tri == 128
err = ((pred - gt) ** 2)[unknown].mean()
r2 = 1 - err / gt[unknown].var(unbiased=False)
print(f"RESULT r2={r2.item():.4f}")
