# Rebuilt from: https://discuss.pytorch.org/t/computing-derivative-of-nn-output-wrt-to-input/206175
# Report: Moving from a scalar ODE to a planar system, the poster's network returned (N, 2) while
#   autograd.grad(y, t, ones_like(y)) gave an (N, 1) derivative, and they worried the shapes no longer lined
#   up. The answer: take the derivative of each output component separately (or use a per-sample jacobian).
# Not a bug (a look-alike that must stay silent): each state component is sliced as an (N, 1) column before
#   differentiation, so every residual compares (N, 1) with (N, 1) even though the network output is (N, 2).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

OMEGA = 2.0          # rad/s, mass-spring: x' = v, v' = -omega^2 x
X0, V0 = 0.05, 0.0   # m, m/s


def d_dt(y, t):
    return torch.autograd.grad(y, t, grad_outputs=torch.ones_like(y), create_graph=True)[0]


model = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 2))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
t = torch.linspace(0, 3, 120).reshape(-1, 1).requires_grad_(True)   # [s]
t0 = torch.zeros(1, 1)
scale = torch.tensor([[X0, X0 * OMEGA]])   # output scaled to metres and m/s

for step in range(1500):
    state = model(t) * scale          # (N, 2)
    x, v = state[:, 0:1], state[:, 1:2]
    dx = d_dt(x, t)                   # (N, 1)
    dv = d_dt(v, t)                   # (N, 1)
    res = F.mse_loss(dx / scale[:, 1:2], v / scale[:, 1:2]) + \
          F.mse_loss(dv / scale[:, 1:2], -OMEGA ** 2 * x / scale[:, 1:2])
    s0 = model(t0) * scale
    ic = F.mse_loss(s0 / scale, torch.tensor([[X0, V0]]) / scale)
    loss = res + 10 * ic
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 300 == 0:
        print(f"step {step}  residual {res.item():.5f}  ic {ic.item():.5f}")

with torch.no_grad():
    pred = (model(t) * scale)[:, 0].numpy()
y = X0 * np.cos(OMEGA * t.detach().numpy().ravel())
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
