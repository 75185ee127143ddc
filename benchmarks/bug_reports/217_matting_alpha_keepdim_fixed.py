# Rebuilt from: https://github.com/MarcoForte/FBA_Matting/issues/7
# Report: With batch size > 1 the closed-form alpha refinement returns a tensor of size [batch, batch, H, W]
#   instead of [batch, 1, H, W]; training still runs, but the alpha loss is computed on wrongly
#   broadcast values and the matting quality suffers.
# Fixed twin of 217_matting_alpha_keepdim.py: torch.sum(..., 1, keepdim=True) in refine_alpha(), so alpha stays (B,1,H,W)
# Our own code, written after the report (not copied from it); composites made in the script as uint8 arrays
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0); np.random.seed(0)
torch.set_num_threads(1)
H = W = 12

def make_composites(n):
    yy, xx = np.mgrid[0:H, 0:W]
    imgs, alphas, colors = [], [], []
    for _ in range(n):
        fg = np.random.randint(0, 256, 3); bg = np.random.randint(0, 256, 3)
        cy, cx, r = np.random.uniform(3, 9), np.random.uniform(3, 9), np.random.uniform(2, 5)
        a = np.clip(r - np.sqrt((yy - cy) ** 2 + (xx - cx) ** 2) + 0.5, 0, 1)
        img = a[..., None] * fg + (1 - a[..., None]) * bg
        imgs.append(img.astype(np.uint8)); alphas.append(a.astype(np.float32))
        colors.append(np.concatenate([fg, bg]).astype(np.uint8))  # user-clicked fg/bg colour hints
    return np.stack(imgs), np.stack(alphas), np.stack(colors)

class MattingSet(Dataset):
    def __init__(self, imgs, alphas, colors):
        self.imgs, self.alphas, self.colors = imgs, alphas, colors
    def __len__(self):
        return len(self.imgs)
    def __getitem__(self, i):
        img = torch.from_numpy(self.imgs[i]).permute(2, 0, 1).float() / 255.0
        hint = torch.from_numpy(self.colors[i]).float().view(6, 1, 1).expand(6, H, W) / 255.0
        return torch.cat([img, hint]), torch.from_numpy(self.alphas[i])[None]

def refine_alpha(alpha, img, Fg, Bg, la=0.1):
    num = alpha * la + torch.sum((img - Bg) * (Fg - Bg), 1, keepdim=True)
    den = torch.sum((Fg - Bg) * (Fg - Bg), 1, keepdim=True) + la
    return torch.clamp(num / den, 0, 1)

class MattingNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(9, 16, 3, padding=1), nn.ReLU(),
                                  nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
                                  nn.Conv2d(16, 7, 3, padding=1))
    def forward(self, x):
        img = x[:, :3]
        out = self.body(x)
        alpha = torch.sigmoid(out[:, 0:1])
        Fg, Bg = torch.sigmoid(out[:, 1:4]), torch.sigmoid(out[:, 4:7])
        return refine_alpha(alpha, img, Fg, Bg)

imgs, alphas, colors = make_composites(256)
loader = DataLoader(MattingSet(imgs, alphas, colors), batch_size=16, shuffle=True)
net = MattingNet()
opt = torch.optim.Adam(net.parameters(), lr=2e-3)
for epoch in range(15):
    tot = 0.0
    for img, gt in loader:
        pred = net(img)
        loss = F.l1_loss(pred, gt)
        opt.zero_grad(); loss.backward(); opt.step()
        tot += loss.item()
    if epoch % 5 == 0:
        print(f"epoch {epoch} l1 {tot / len(loader):.4f}")

with torch.no_grad():
    preds = []
    for x, gt in DataLoader(MattingSet(imgs, alphas, colors), batch_size=16):
        preds.append(net(x)[:, 0:1])  # alpha channel of the prediction
    pred = torch.cat(preds)
    y = torch.from_numpy(alphas)[:, None]
    r2 = 1 - ((pred - y) ** 2).mean() / y.var()
print(f"RESULT r2={r2.item():.3f}")
