# Rebuilt from: https://github.com/benmoseley/FBPINNs/issues/2
# Report: A reader asked why the network output is multiplied by a huge constant (Y_N = (0, 1/w**2)) before
#   it is compared with the solution; the maintainer explained that the solution spans [-1/w^2, 1/w^2],
#   so the raw network output stays in [-1, 1] and is only un-normalized afterwards.
# Not a bug (a look-alike that must stay silent): the inputs are already in [-1, 1] and the big factor sits
#   on the OUTPUT side on purpose (y = mu + sd * net(x)); the net itself works on unit-scale numbers.
# Our own code, written after the report (not copied from it); synthetic 1D solution, w = 0.05.
import math
import torch
import torch.nn as nn

torch.manual_seed(2)
torch.set_num_threads(1)

w = 0.05
Y_N = (0.0, 1.0 / w ** 2)          # mu, sd  -> solution scale ~400


def solution(x):
    return torch.sin(2 * math.pi * x) * torch.exp(-x ** 2) / w ** 2


class FullModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))

    def forward(self, x):
        y = self.net(x)
        return y * Y_N[1] + Y_N[0]   # un-normalize


x = torch.linspace(-1, 1, 400).view(-1, 1)
u = solution(x)
model = FullModel()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(1500):
    opt.zero_grad()
    loss = ((model(x) - u) ** 2).mean()
    loss.backward()
    opt.step()
    if step % 500 == 0:
        print(f"step {step}: loss {loss.item():.3e}")

with torch.no_grad():
    pred = model(x)
    r2 = 1 - ((pred - u) ** 2).mean() / u.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
