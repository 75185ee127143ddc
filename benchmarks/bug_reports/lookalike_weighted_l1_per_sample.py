# Rebuilt from: https://github.com/timeseriesAI/tsai/issues/154
# Report: A user wrote a weighted MAE loss (F.l1_loss(input.view(-1), target, reduction='none') multiplied by
#   per-sample weights from prepare_weights(y, 'sqrt_inv')) for an imbalanced regression target and asked how
#   to get each batch's weights into the loss.
# Not a bug (a look-alike that must stay silent): the (B, 1) model output is flattened with view(-1) inside
#   the loss, the unreduced L1 is (B,), the batch weights are (B,) and come from the Dataset with each sample,
#   so the product is element-wise per sample before the mean.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(11)


class WMAELoss(nn.Module):
    def __init__(self, reduction='mean'):
        super().__init__()
        assert reduction in ['mean', 'sum', 'none']
        self.reduction = reduction

    def forward(self, input, target, weights=None):
        loss = F.l1_loss(input.view(-1), target, reduction='none')
        if weights is not None:
            loss = loss * weights.expand_as(loss)
        if self.reduction == 'mean':
            return torch.mean(loss)
        if self.reduction == 'sum':
            return torch.sum(loss)
        return loss


def prepare_weights(y, method='sqrt_inv', bins=20):
    hist, edges = np.histogram(y, bins=bins)
    idx = np.clip(np.digitize(y, edges[1:-1]), 0, bins - 1)
    freq = hist[idx].astype(np.float64)
    w = 1.0 / np.sqrt(freq) if method == 'sqrt_inv' else 1.0 / freq
    return (w / w.mean()).astype(np.float32)


class WindowDataset(Dataset):
    def __init__(self, X, y, w):
        self.X, self.y, self.w = X, y, w

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.X[i], self.y[i], self.w[i]


# multivariate windows (3 channels x 30 steps) -> skewed target (e.g. peak load)
n = 700
X = rng.normal(size=(n, 3, 30)).astype(np.float32)
y = (np.exp(0.6 * X[:, 0, -5:].mean(1) + 0.4 * X[:, 1].mean(1) * 3) + 0.05 * rng.normal(size=n)).astype(np.float32)
weights = prepare_weights(y, 'sqrt_inv')

ds = WindowDataset(torch.from_numpy(X), torch.from_numpy(y), torch.from_numpy(weights))
dl = DataLoader(ds, batch_size=64, shuffle=True)

model = nn.Sequential(nn.Flatten(), nn.Linear(90, 64), nn.ReLU(), nn.Linear(64, 1))
loss_func = WMAELoss()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
for epoch in range(60):
    for xb, yb, wb in dl:
        opt.zero_grad()
        loss = loss_func(model(xb), yb, wb)
        loss.backward()
        opt.step()

with torch.no_grad():
    pred = model(ds.X).view(-1)
r2 = 1 - torch.mean((pred - ds.y) ** 2) / torch.var(ds.y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
