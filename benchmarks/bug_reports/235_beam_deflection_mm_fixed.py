# Rebuilt from: https://discourse.julialang.org/t/scaling-issue-probably-while-solving-simple-pinn-problem/124183
# Report: A network for the deflection of a simply supported steel pipe beam (L = 3000 mm, E = 210 kN/mm^2,
#   q = -0.01 kN/mm) worked while the toy problem lived in 0..1, but once x ran over the real 0..3000 mm
#   span "the PINN simply does not work at all" - flat prediction far from the analytic/FD curve.
# Fixed twin of 235_beam_deflection_mm.py: the net sees x / Length (0..1) instead of raw millimetres
# Our own code, written after the report (not copied from it); fits the analytic deflection as data
#   (PyTorch instead of NeuralPDE.jl), synthetic data generated below.
import math
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(1)
torch.set_num_threads(1)
np.random.seed(1)

# pipe section and load (mm, kN)
D, t_wall = 100.0, 20.0
R1, R2 = D / 2 - t_wall, D / 2
Ix = 0.25 * math.pi * (R2 ** 4 - R1 ** 4)     # mm^4
E = 210.0                                      # kN/mm^2
p_load = -0.01                                 # kN/mm
Length = 3000.0                                # mm
scale_coeff = 10.0                             # brings the O(1) net output up to O(10) mm
EI = E * Ix


def analytic_sol(x):
    return p_load * x * (x ** 3 - 2 * Length * x ** 2 + Length ** 3) / 24 / EI


x_np = np.linspace(0.0, Length, 301)
u_np = analytic_sol(x_np)                      # mm, about -12 .. 0

x_train = torch.tensor(x_np, dtype=torch.float32).view(-1, 1)
u_train = torch.tensor(u_np, dtype=torch.float32).view(-1, 1)


class BeamNet(nn.Module):
    def __init__(self, width=32):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(1, width), nn.Tanh(), nn.Linear(width, 1))

    def forward(self, x):
        return scale_coeff * self.net(x / Length)   # non-dimensional coordinate


model = BeamNet()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for it in range(2000):
    opt.zero_grad()
    loss = ((model(x_train) - u_train) ** 2).mean()
    loss.backward()
    opt.step()
    if it % 400 == 0:
        print(f"iter {it:5d}  loss {loss.item():.4e}")

with torch.no_grad():
    u_hat = model(x_train)
    r2 = 1 - ((u_hat - u_train) ** 2).mean() / u_train.var(unbiased=False)
print(f"midspan: analytic {analytic_sol(Length / 2):.3f} mm, net {model(torch.tensor([[Length / 2]])).item():.3f} mm")
print(f"RESULT r2={r2.item():.3f}")
