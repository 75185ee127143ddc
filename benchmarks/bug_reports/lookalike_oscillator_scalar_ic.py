# Rebuilt from: https://github.com/benmoseley/harmonic-oscillator-pinn/issues/6
# Report: A user adapting the damped harmonic-oscillator PINN asked how to "normalize the constants" and
#   whether the un-normalized setup was the reason for slow convergence; the tutorial feeds raw time and
#   squeezes the (1, 1) boundary prediction before comparing it with the scalar initial value.
# Not a bug (a look-alike that must stay silent): time already lives in [0, 1] (unit scale, nothing to
#   normalize), and squeeze((1, 1)) - 1.0 is a scalar-vs-scalar difference; the residual terms are all (N, 1).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(123)
np.random.seed(123)
torch.set_num_threads(1)

d, w0 = 2.0, 8.0               # damping [1/s], natural frequency [rad/s]
mu, k = 2 * d, w0 ** 2          # m = 1 kg


def exact_solution(d, w0, t):
    w = np.sqrt(w0 ** 2 - d ** 2)
    phi = np.arctan(-d / w)
    A = 1 / (2 * np.cos(phi))
    return np.exp(-d * t) * 2 * A * np.cos(phi + w * t)


class FCN(nn.Module):
    def __init__(self, n_in=1, n_out=1, n_hidden=32, n_layers=3):
        super().__init__()
        self.fcs = nn.Sequential(nn.Linear(n_in, n_hidden), nn.Tanh())
        self.fch = nn.Sequential(*[nn.Sequential(nn.Linear(n_hidden, n_hidden), nn.Tanh())
                                   for _ in range(n_layers - 1)])
        self.fce = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.fce(self.fch(self.fcs(x)))


pinn = FCN()
t_boundary = torch.tensor(0.).view(-1, 1).requires_grad_(True)
t_physics = torch.linspace(0, 1, 60).view(-1, 1).requires_grad_(True)
optimiser = torch.optim.Adam(pinn.parameters(), lr=2e-3)
for i in range(1400):
    optimiser.zero_grad()
    lambda1, lambda2 = 1e-1, 1e-4
    u = pinn(t_boundary)
    loss1 = (torch.squeeze(u) - 1) ** 2
    dudt = torch.autograd.grad(u, t_boundary, torch.ones_like(u), create_graph=True)[0]
    loss2 = (torch.squeeze(dudt) - 0) ** 2
    u = pinn(t_physics)
    dudt = torch.autograd.grad(u, t_physics, torch.ones_like(u), create_graph=True)[0]
    d2udt2 = torch.autograd.grad(dudt, t_physics, torch.ones_like(dudt), create_graph=True)[0]
    loss3 = torch.mean((d2udt2 + mu * dudt + k * u) ** 2)
    loss = loss1 + lambda1 * loss2 + lambda2 * loss3
    loss.backward()
    optimiser.step()
    if i % 350 == 0:
        print(f"step {i}  ic {loss1.item():.5f}  dic {loss2.item():.5f}  phys {loss3.item():.3f}")

t_test = torch.linspace(0, 1, 300).view(-1, 1)
with torch.no_grad():
    pred = pinn(t_test).numpy().ravel()
y = exact_solution(d, w0, t_test.numpy().ravel())
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
