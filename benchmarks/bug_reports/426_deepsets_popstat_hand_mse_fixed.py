# Rebuilt from: https://github.com/manzilzaheer/DeepSets/pull/1
# Report: "fixed broadcasting issue between y and y_pred in PopStats": in the DeepSets population-statistics
#   experiment the (128,)-tensor y behaves as a (1, 128)-tensor when subtracted from the (128, 1)-tensor y_pred,
#   giving a (128, 128) tensor and a wrong MSE; before the fix the model approximates the average statistic
#   across the batch instead of the statistic of each set.
# Fixed twin of 426_deepsets_popstat_hand_mse.py: the network's (B, 1) output is flattened to (B,) before the
#   hand-written loss, so each set's prediction is compared with its own statistic.
# Our own code, written after the report (not copied from it); data: sets generated in the script
import math

import numpy as np
import torch
import torch.nn as nn

np.random.seed(26)
torch.manual_seed(26)
torch.set_num_threads(1)

N_SETS, SET_SIZE = 3000, 40


def draw_sets(rng, n):
    log_scale = rng.uniform(-1.5, 1.5, n)
    scale = np.exp(log_scale)
    points = rng.normal(0, 1, (n, SET_SIZE)) * scale[:, None]
    entropy = 0.5 * np.log(2 * math.pi * math.e * scale ** 2)
    return points[:, :, None].astype(np.float32), entropy.astype(np.float32)


class DeepSet(nn.Module):
    def __init__(self, hidden=48):
        super().__init__()
        self.phi = nn.Sequential(nn.Linear(1, hidden), nn.ELU(), nn.Linear(hidden, hidden), nn.ELU())
        self.rho = nn.Sequential(nn.Linear(hidden, hidden), nn.ELU(), nn.Linear(hidden, 1))

    def forward(self, x):
        pooled = self.phi(x).mean(dim=1)
        return self.rho(pooled)


rng = np.random.default_rng(26)
sets, stats = draw_sets(rng, N_SETS)
x_all = torch.from_numpy(sets)
y_all = torch.from_numpy(stats)
x_train, y_train = x_all[:2500], y_all[:2500]
x_test, y_test = x_all[2500:], y_all[2500:]

model = DeepSet()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

for epoch in range(30):
    perm = torch.randperm(len(x_train))
    for k in range(0, len(x_train), 128):
        idx = perm[k:k + 128]
        x, y = x_train[idx], y_train[idx]
        y_pred = model(x).view(-1)
        loss = torch.mean((y - y_pred) ** 2)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(x_test).view(-1)
r2 = 1 - torch.sum((pred - y_test) ** 2) / torch.sum((y_test - y_test.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
