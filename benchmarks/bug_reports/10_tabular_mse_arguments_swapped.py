# Rebuilt from: https://github.com/LAMDA-Tabular/TALENT/pull/92 (fixes issue #64)
# Report: `F.mse_loss(y_true, y_pred)` with y_true (n, 1) and y_pred (n,) silently
#   broadcasts to (n, n): "the model minimizes differences between all pairs".
# Bug (planted: TL001): the functional loss gets the (B, 1) targets first and the
#   squeezed (B,) predictions second, in batches drawn from a random permutation.
# Our own code, written after the report (not copied from it).
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(5)
X_np = rng.standard_normal((1000, 8)).astype(np.float32)
y_np = (np.tanh(X_np[:, 0]) + 0.5 * X_np[:, 1] * X_np[:, 2]).astype(np.float32)

X = torch.from_numpy(X_np)
y_true_all = torch.from_numpy(y_np).unsqueeze(1)

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.Adam(net.parameters(), lr=0.005)
batch_size = 100
for epoch in range(40):
    perm = torch.randperm(len(X))
    for start in range(0, len(X), batch_size):
        idx = perm[start:start + batch_size]
        y_pred = net(X[idx]).squeeze(-1)
        y_true = y_true_all[idx]
        loss = F.mse_loss(y_true, y_pred)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = net(X).reshape(-1)
    target = y_true_all.reshape(-1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var()
print(f"RESULT r2={r2.item():.3f}")
