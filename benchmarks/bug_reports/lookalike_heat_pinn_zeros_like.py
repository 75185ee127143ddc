# Rebuilt from: https://discuss.pytorch.org/t/pinn-pde-loss-error-in-residual/211132
# Report: 1D heat-conduction PINN: the data loss trains fine, but the PDE residual loss
#   nn.MSELoss()(residual, torch.zeros_like(residual)) stays comparatively large; the poster asked
#   whether the residual loss was set up wrongly.
# Not a bug (a look-alike that must stay silent): comparing the residual with torch.zeros_like(residual)
#   always has identical shapes (N, 1) vs (N, 1), and the data term also compares (N, 1) with (N, 1);
#   nothing broadcasts. The remaining gap is loss balancing, not shapes.
# Our own code, written after the report (not copied from it); synthetic exact solution of u_t = a u_xx.
import math
import torch
import torch.nn as nn

torch.manual_seed(5)
torch.set_num_threads(1)
alpha_t = 0.1


def exact(x, t):
    return torch.exp(-alpha_t * math.pi ** 2 * t) * torch.sin(math.pi * x)


class HeatNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))

    def forward(self, x, t):
        return self.net(torch.cat([x, t], dim=1))


def pde_loss(model, x, t):
    x.requires_grad = True
    t.requires_grad = True
    u_pred = model(x, t)
    u_t = torch.autograd.grad(u_pred, t, torch.ones_like(u_pred), create_graph=True)[0]
    u_x = torch.autograd.grad(u_pred, x, torch.ones_like(u_pred), create_graph=True)[0]
    u_xx = torch.autograd.grad(u_x, x, torch.ones_like(u_x), create_graph=True)[0]
    residual = u_t - alpha_t * u_xx
    return nn.MSELoss()(residual, torch.zeros_like(residual))


x_d, t_d = torch.rand(200, 1), torch.rand(200, 1)
u_d = exact(x_d, t_d)
model = HeatNet()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
for it in range(700):
    x_c, t_c = torch.rand(200, 1), torch.rand(200, 1)
    opt.zero_grad()
    data_loss = nn.MSELoss()(model(x_d, t_d), u_d)
    phys_loss = pde_loss(model, x_c, t_c)
    loss = data_loss + phys_loss
    loss.backward()
    opt.step()
    if it % 200 == 0:
        print(f"it {it}: data {data_loss.item():.2e}  pde {phys_loss.item():.2e}")

with torch.no_grad():
    pred = model(x_d, t_d)
    r2 = 1 - ((pred - u_d) ** 2).mean() / u_d.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
