# Rebuilt from: https://ai.stackexchange.com/questions/27759/neural-network-for-picking-parameters-of-a-nonlinear-function-to-data-points
# Report: a net takes 100 (x, y) points sampled on a circle and outputs radius, x_center, y_center;
#   the fit is mediocre and the reporter asks how to improve it (goal: guess 9 curve parameters later).
# Not a bug (a look-alike that must stay silent): multi-output regression where the output (N, 3) and the
#   parameter targets (N, 3) have the same shape, and the point coordinates are already in a small range (|v| < 10).
# Our own code, written after the report (not copied from it)
import math
import numpy as np
import torch

torch.manual_seed(0)
torch.set_num_threads(1)


def make_examples(num_examples=1500, num_samples=100):
    rng = np.random.default_rng(11)
    params = np.stack([rng.uniform(1, 4, num_examples),      # radius
                       rng.uniform(-4, 4, num_examples),     # x_center
                       rng.uniform(-4, 4, num_examples)], axis=1)
    t = rng.uniform(0, 2 * math.pi, (num_examples, num_samples))
    xs = params[:, 1:2] + params[:, 0:1] * np.cos(t)
    ys = params[:, 2:3] + params[:, 0:1] * np.sin(t)
    points = np.concatenate([xs, ys], axis=1)               # (N, 200)
    return torch.tensor(points, dtype=torch.float32), torch.tensor(params, dtype=torch.float32)


inputs, targets = make_examples()
model = torch.nn.Sequential(torch.nn.Linear(200, 128), torch.nn.ReLU(),
                            torch.nn.Linear(128, 64), torch.nn.ReLU(),
                            torch.nn.Linear(64, 3))
loss_fn = torch.nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(150):
    perm = torch.randperm(len(inputs))
    for i in range(0, len(inputs), 50):
        b = perm[i:i + 50]
        optimizer.zero_grad()
        loss = loss_fn(model(inputs[b]), targets[b])
        loss.backward()
        optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(inputs)
r2_cols = 1 - ((pred - targets) ** 2).mean(0) / targets.var(0, unbiased=False)
print("r2 per parameter (radius, x_center, y_center):", [round(v, 3) for v in r2_cols.tolist()])
print(f"RESULT r2={r2_cols.mean().item():.3f}")
