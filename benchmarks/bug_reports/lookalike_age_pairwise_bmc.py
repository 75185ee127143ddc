# Rebuilt from: https://github.com/jiawei-ren/BalancedMSE/issues/8
# Report: Using the Balanced MSE (BMC) loss for age regression, the user got an IndexError because the
#   logits came out 1-D; the author said pred and target must both be [batch, 1], so that
#   pred - target.T yields a [batch, batch] logit matrix fed to cross_entropy with arange labels.
# Not a bug (a look-alike that must stay silent): the (B, 1) vs (1, B) broadcast is intended; it builds
#   the all-pairs logit matrix of the BMC loss, and the target is arange(B) for CrossEntropy.
# Our own code, written after the report (not copied from it); synthetic wearable features -> age
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(1)

n = 600
feats = rng.normal(size=(n, 8)).astype(np.float32)      # standardized gait / HRV / sleep summaries
age = 45 + 12 * feats[:, 0] - 6 * feats[:, 1] + 4 * feats[:, 2] * feats[:, 3] + rng.normal(0, 3, n)
y_mean, y_std = age.mean(), age.std()
y = ((age - y_mean) / y_std).astype(np.float32).reshape(-1, 1)   # (n, 1)

loader = DataLoader(TensorDataset(torch.tensor(feats), torch.tensor(y)), batch_size=64, shuffle=True)


def bmc_loss(pred, target, noise_var):
    logits = -(pred - target.T).pow(2) / (2 * noise_var)  # (B, 1) - (1, B) -> (B, B), on purpose
    loss = F.cross_entropy(logits, torch.arange(pred.shape[0]))
    return loss * (2 * noise_var).detach()


class AgeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.head = nn.Linear(32, 1)

    def forward(self, x):
        return self.head(self.body(x))


model = AgeNet()
noise_sigma = nn.Parameter(torch.tensor(0.5))
opt = torch.optim.Adam(list(model.parameters()) + [noise_sigma], lr=3e-3)
for epoch in range(40):
    for xb, yb in loader:
        loss = bmc_loss(model(xb), yb, noise_sigma ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    p = model(torch.tensor(feats))
    yt = torch.tensor(y)
    r2 = 1 - ((p - yt) ** 2).mean() / yt.var()
print(f"RESULT r2={r2.item():.3f}")
