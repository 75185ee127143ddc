# Rebuilt from: https://github.com/sefibk/KernelGAN/issues/26
# Report: While training the blur-kernel estimator on an image, PyTorch printed several
#   "UserWarning: Using a target size (torch.Size([2])) that is different to the input size
#   (torch.Size([2, 1]))" (and similar L1 ones); the reporter asked whether the kernel
#   estimate was wrong because of it.
# Fixed twin of 268_blur_sigma_cnn.py: the (B, 1) prediction is squeezed to (B,) before nn.MSELoss in train_epoch().
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)
SIZE = 16


def gaussian_kernel(sigma, k=7):
    ax = np.arange(k) - k // 2
    g = np.exp(-(ax ** 2) / (2 * sigma ** 2))
    g = g / g.sum()
    return np.outer(g, g)


def blur(img, kern):
    # hand-written "same" convolution, no scipy / torchvision
    k = kern.shape[0]
    p = np.pad(img, k // 2, mode="reflect")
    out = np.zeros_like(img)
    for i in range(k):
        for j in range(k):
            out += kern[i, j] * p[i:i + SIZE, j:j + SIZE]
    return out


def make_patches(n=480):
    imgs, sigmas = [], []
    for _ in range(n):
        sharp = np.zeros((SIZE, SIZE), dtype=np.float32)
        ys, xs = np.random.randint(0, SIZE, 12), np.random.randint(0, SIZE, 12)
        sharp[ys, xs] = 1.0
        s = np.random.uniform(0.4, 2.0)
        imgs.append(blur(sharp, gaussian_kernel(s)).astype(np.float32))
        sigmas.append(s)
    return np.stack(imgs), np.array(sigmas, dtype=np.float32)


class BlurPatches(Dataset):
    def __init__(self, imgs, sigmas):
        self.imgs, self.sigmas = imgs, sigmas

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, i):
        x = torch.from_numpy(self.imgs[i]).unsqueeze(0) * 4.0   # (1, 16, 16)
        return x, self.sigmas[i]                                 # numpy float32 scalar


class KernelNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
        )
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))


def train_epoch(model, loader, opt, criterion):
    model.train()
    for x, sigma in loader:
        opt.zero_grad()
        pred = model(x)
        loss = criterion(pred.squeeze(1), sigma)
        loss.backward()
        opt.step()
    return loss.item()


imgs, sigmas = make_patches()
ds = BlurPatches(imgs, sigmas)
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = KernelNet()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
criterion = nn.MSELoss()
for epoch in range(20):
    l = train_epoch(model, loader, opt, criterion)
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {l:.4f}")

model.eval()
with torch.no_grad():
    X = torch.stack([ds[i][0] for i in range(len(ds))])
    y = torch.from_numpy(sigmas)
    p = model(X).view(-1)
    r2 = 1 - ((p - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
