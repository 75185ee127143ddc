# Rebuilt from: https://github.com/NeuroDiffGym/neurodiffeq/issues/63
# Report: Maintainers found that their sample generators returned time points of shape (n_samples,) while the
#   network output is (n_samples, 1); diff(x, t) then comes back as (n,) and the ODE residual silently broadcasts.
#   The bug went "unnoticed for a long time" because derivative values look right; only the fit is off.
# Fixed twin of 323_ode_generator_shape.py: make_collocation() returns t as (n, 1), so dx_dt and rhs are both (n, 1)
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch import autograd

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

T_MIN, T_MAX, X0 = 0.0, 3.0, 1.0


def diff(x, t, order=1):
    der = x
    for _ in range(order):
        der, = autograd.grad(der, t, grad_outputs=torch.ones_like(der), create_graph=True)
    return der


def make_collocation(n, noisy=True):
    t = torch.linspace(T_MIN, T_MAX, n)
    if noisy:
        t = t + (T_MAX - T_MIN) / n * (torch.rand(n) - 0.5)
    return t.clamp(T_MIN, T_MAX).reshape(-1, 1).requires_grad_(True)


class FCNN(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(1, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                                 nn.Linear(hidden, 1))

    def forward(self, t):
        return self.net(t.reshape(-1, 1))


def trial_solution(net, t):
    # IVP re-parametrisation x(t) = x0 + (1 - exp(-(t - t0))) * N(t)
    tt = t.reshape(-1, 1) if t.dim() == 1 else t
    return X0 + (1 - torch.exp(-(tt - T_MIN))) * net(t)


def ode_rhs(x, t):
    # damped, forced decay: dx/dt = -0.8 x + cos(3 t)
    return -0.8 * x + torch.cos(3.0 * t.reshape(-1, 1))


def solve(net, n_points=128, epochs=400, lr=2e-2):
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    for ep in range(epochs):
        t = make_collocation(n_points)
        x = trial_solution(net, t)
        dx_dt = diff(x, t)
        rhs = ode_rhs(x, t)
        loss = ((dx_dt - rhs) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if ep % 100 == 0:
            print(f"epoch {ep:5d}  residual loss {loss.item():.5f}")
    return net


def exact(t):
    # x' + 0.8 x = cos(3t), x(0) = 1
    a, w = 0.8, 3.0
    A = a / (a ** 2 + w ** 2)
    B = w / (a ** 2 + w ** 2)
    return (X0 - A) * np.exp(-a * t) + A * np.cos(w * t) + B * np.sin(w * t)


net = solve(FCNN())
t_eval = torch.linspace(T_MIN, T_MAX, 300).reshape(-1, 1)
with torch.no_grad():
    pred = trial_solution(net, t_eval).numpy().ravel()
y = exact(t_eval.numpy().ravel())
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
