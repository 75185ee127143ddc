# Rebuilt from: https://geek-docs.com/pytorch/pytorch-questions/200_pytorch_mseloss_when_mask_is_used.html
# Report: how to use MSELoss when only some target entries should count: build a 0/1 mask
#   with the same shape as input and target and apply it before reducing the loss.
# Not a bug (a look-alike that must stay silent): prediction, target and mask are all (batch, 3);
#   the loss uses reduction='none', multiplies by the mask and divides by mask.sum().
# Our own code, written after the report (not copied from it)
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(0)
torch.manual_seed(0)

# three sensor targets per sample, about 30% of them were never measured
n, d = 800, 6
W = torch.randn(d, 3)
records = {"features": [], "targets": [], "observed": [], "clean": []}
for _ in range(n):
    x = torch.randn(d)
    t = x @ W + 0.1 * torch.randn(3)
    m = torch.tensor([1.0 if random.random() > 0.3 else 0.0 for _ in range(3)])
    records["features"].append(x)
    records["targets"].append(torch.where(m > 0, t, torch.zeros(3)))   # missing stored as 0
    records["observed"].append(m)
    records["clean"].append(t)

X = torch.stack(records["features"])
Y = torch.stack(records["targets"])
M = torch.stack(records["observed"])
Y_clean = torch.stack(records["clean"])

model = nn.Sequential(nn.Linear(d, 32), nn.Tanh(), nn.Linear(32, 3))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)


def train_step(model, batch):
    x, y, mask = batch
    pred = model(x)
    per_entry = F.mse_loss(pred, y, reduction="none")      # (bs, 3)
    return (per_entry * mask).sum() / mask.sum().clamp(min=1)


for epoch in range(60):
    perm = torch.randperm(n)
    for i in range(0, n, 64):
        idx = perm[i:i + 64]
        loss = train_step(model, (X[idx], Y[idx], M[idx]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 20 == 0:
        print("epoch", epoch, "masked mse", round(loss.item(), 4))

with torch.no_grad():
    pred = model(X)
r2 = 1 - torch.mean((pred - Y_clean) ** 2) / torch.var(Y_clean, unbiased=False)
print("RESULT r2=%.3f" % r2.item())
