# Rebuilt from: https://github.com/yifjiang/relative-depth-using-pytorch/issues/7
# Report: In the relative-depth ranking loss one depth sample is gathered with a different shape than the
#   other (a typo), so z_A and z_B do not have the same shape; the author explains training still works
#   because broadcasting only re-wraps one of them and the summed loss is unchanged.
# Not a bug (a look-alike that must stay silent): z_A is (N,) and z_B is (1, N); they broadcast to (1, N),
#   i.e. the same N point pairs, so the hand-written ranking loss is the intended per-pair loss.
# Our own code, written after the report (not copied from it); scenes made in the script as uint8 arrays
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0); np.random.seed(0)
torch.set_num_threads(1)
S = 16

def make_scenes(n=200):
    rng = np.random.RandomState(2)
    yy, xx = np.mgrid[0:S, 0:S] / S
    imgs, depths = [], []
    for _ in range(n):
        a, b = rng.uniform(-1, 1, 2)
        depth = 2 + a * xx + b * yy + 0.5 * np.sin(3 * xx * rng.uniform(0.5, 2))
        img = 255 * (depth - 0.5) / 3.5 + rng.normal(0, 6, (S, S))   # far = brighter (haze)
        imgs.append(np.clip(img, 0, 255).astype(np.uint8)); depths.append(depth.astype(np.float32))
    return np.stack(imgs), np.stack(depths)

def sample_pairs(depth, n_pairs=64):
    ia = torch.randint(0, S * S, (n_pairs,)); ib = torch.randint(0, S * S, (n_pairs,))
    d = depth.view(-1)
    r = torch.sign(d[ia] - d[ib])          # +1: A is farther, -1: A is closer
    return ia, ib, r

def relative_depth_loss(pred_map, ia, ib, r):
    z_A = pred_map.view(-1)[ia]            # shape (N,)
    z_B = pred_map.view(1, -1)[:, ib]      # shape (1, N)  <- looks mismatched
    return torch.log(1 + torch.exp(-r * (z_A - z_B))).sum() / len(r)

net = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
                    nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
                    nn.Conv2d(16, 1, 3, padding=1))
imgs, depths = make_scenes()
X = torch.from_numpy(imgs).float()[:, None] / 255.0
D = torch.from_numpy(depths)
opt = torch.optim.Adam(net.parameters(), lr=2e-3)
for epoch in range(6):
    for i in torch.randperm(len(X)).tolist():
        out = net(X[i:i + 1])[0, 0]
        loss = relative_depth_loss(out, *sample_pairs(D[i]))
        opt.zero_grad(); loss.backward(); opt.step()
    print(f"epoch {epoch} rank loss {loss.item():.4f}")

with torch.no_grad():
    correct = total = 0
    torch.manual_seed(123)
    for i in range(len(X)):
        out = net(X[i:i + 1])[0, 0]
        ia, ib, r = sample_pairs(D[i], 256)
        keep = r != 0
        correct += (torch.sign(out.view(-1)[ia] - out.view(-1)[ib])[keep] == r[keep]).sum().item()
        total += keep.sum().item()
print(f"RESULT acc={correct / total:.3f}")
