# Rebuilt from: https://github.com/lululxvi/deepxde/issues/2100
# Report: An inverse-problem PINN fits 1-D observations at some points; the observed values are read with
#   np.loadtxt and passed straight to the point-set (data) condition. Training runs without error or warning,
#   but the data loss stalls at about Var(values) and never drops.
# Fixed twin of 147_pinn_obs_points.py: observed values reshaped to a column (N, 1) before building the data term
# Our own code, written after the report (not copied from it); data: sine_obs*.txt from make_sine_obs.py
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

x_obs = np.loadtxt("sine_obs_x.txt").reshape(-1, 1)   # points as a column, (N, 1)
u_obs = np.loadtxt("sine_obs.txt").reshape(-1, 1)      # values as a column, (N, 1)

X_obs = torch.tensor(x_obs, dtype=torch.float32)
U_obs = torch.tensor(u_obs, dtype=torch.float32)
X_col = torch.linspace(0, 1, 64).reshape(-1, 1).requires_grad_(True)

net = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))
K2 = (2 * np.pi) ** 2


def pde_residual(x):
    u = net(x)
    du = torch.autograd.grad(u, x, torch.ones_like(u), create_graph=True)[0]
    d2u = torch.autograd.grad(du, x, torch.ones_like(du), create_graph=True)[0]
    return (d2u + K2 * u) / K2          # u'' + (2 pi)^2 u = 0, scaled


def point_set_error(x, values):
    return net(x) - values


opt = torch.optim.Adam(net.parameters(), lr=3e-3)
for step in range(1500):
    opt.zero_grad()
    loss_pde = (pde_residual(X_col) ** 2).mean()
    loss_data = (point_set_error(X_obs, U_obs) ** 2).mean()
    loss = 0.1 * loss_pde + loss_data
    loss.backward()
    opt.step()
    if step % 500 == 0:
        print(f"step {step:5d}  pde {loss_pde.item():.3e}  data {loss_data.item():.3e}")

with torch.no_grad():
    pred = net(X_obs)
r2 = 1 - ((pred - U_obs) ** 2).mean() / U_obs.var(unbiased=False)
print("Var(values) =", round(float(U_obs.var(unbiased=False)), 4))
print(f"RESULT r2={r2.item():.3f}")
