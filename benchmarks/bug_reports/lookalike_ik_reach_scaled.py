# Rebuilt from: https://stackoverflow.com/questions/43886814/function-approximation-by-ann
# Report: A user approximates the inverse kinematics of a planar arm with an MLP: random joint angles are
#   pushed through the forward kinematics, x and y are normalized to [-1, 1] and the angles to [0, 1],
#   and the net maps (x, y) back to the angles; the remaining error comes from the arm having several solutions.
# Not a bug (a look-alike that must stay silent): the x, y inputs are computed in millimetres but are divided by
#   the arm's reach right away, so they lie in [-1, 1]; the targets are scaled to [0, 1]; no scaler is missing.
#   (Here the elbow is kept on one branch, so the mapping is unique and trains well.)
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(4)
torch.manual_seed(4)
L1_MM, L2_MM = 300.0, 250.0
REACH = L1_MM + L2_MM
TH1_RANGE, TH2_RANGE = (0.0, 180.0), (20.0, 150.0)      # degrees, elbow-down branch only


def make_samples(n=600):
    th1 = np.random.uniform(*TH1_RANGE, n)
    th2 = np.random.uniform(*TH2_RANGE, n)
    r1, r12 = np.radians(th1), np.radians(th1 + th2)
    x = L1_MM * np.cos(r1) + L2_MM * np.cos(r12)
    y = L1_MM * np.sin(r1) + L2_MM * np.sin(r12)
    inputs = np.stack([x / REACH, y / REACH], 1)                         # in [-1, 1]
    t1 = (th1 - TH1_RANGE[0]) / (TH1_RANGE[1] - TH1_RANGE[0])            # angles mapped to [0, 1]
    t2 = (th2 - TH2_RANGE[0]) / (TH2_RANGE[1] - TH2_RANGE[0])
    return inputs.astype(np.float32), np.stack([t1, t2], 1).astype(np.float32)


X, T = make_samples()
X, T = torch.from_numpy(X), torch.from_numpy(T)
net = nn.Sequential(nn.Linear(2, 100), nn.Tanh(), nn.Linear(100, 50), nn.Tanh(), nn.Linear(50, 2), nn.Sigmoid())
optimizer = torch.optim.Adam(net.parameters(), lr=3e-3)
criterion = nn.MSELoss()

for cycle in range(800):
    optimizer.zero_grad()
    out = net(X)
    loss = criterion(out, T)
    loss.backward()
    optimizer.step()
    if cycle % 200 == 0:
        print(f"cycle {cycle:3d}  mse {loss.item():.5f}  mean abs err {(out - T).abs().mean().item():.4f}")

with torch.no_grad():
    out = net(X)
    r2 = 1 - ((out - T) ** 2).mean() / T.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
