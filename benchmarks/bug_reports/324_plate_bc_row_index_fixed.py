# Rebuilt from: https://github.com/lululxvi/deepxde/issues/1442
# Report: A 2D plate PINN (pytorch backend) trained without errors but never converged, while the same
#   problem converged in SciANN. The fix turned out to be one index in the boundary-value lambda:
#   x[0] (the first point) instead of x[:, 0:1] (the x-column of every boundary point).
# Fixed twin of 324_plate_bc_row_index.py: top_value(x) uses the column x[:, 0:1], so target and u_top are both (N, 1)
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)
pi = np.pi
U_TOP = 1.0e-3   # prescribed top-edge deflection amplitude [m]


def top_value(x):
    return U_TOP * torch.sin(pi * x[:, 0:1])


def jacobian(y, x, j):
    return torch.autograd.grad(y, x, torch.ones_like(y), create_graph=True)[0][:, j:j + 1]


def sample_points(n_dom=300, n_edge=40):
    X_dom = torch.rand(n_dom, 2)
    s = torch.linspace(0, 1, n_edge).reshape(-1, 1)
    z, o = torch.zeros_like(s), torch.ones_like(s)
    X_zero = torch.cat([torch.cat([z, s], 1), torch.cat([o, s], 1), torch.cat([s, z], 1)])
    X_top = torch.cat([s, o], 1)
    return X_dom, X_zero, X_top


class PlateNet(nn.Module):
    def __init__(self, width=24):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, width), nn.Tanh(), nn.Linear(width, width), nn.Tanh(),
                                  nn.Linear(width, 1))

    def forward(self, x):
        return U_TOP * self.body(x)   # output in metres


def pde_residual(model, X):
    X = X.clone().requires_grad_(True)
    u = model(X)
    u_x, u_y = jacobian(u, X, 0), jacobian(u, X, 1)
    return (jacobian(u_x, X, 0) + jacobian(u_y, X, 1)) / U_TOP


model = PlateNet()
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
X_dom, X_zero, X_top = sample_points()
for step in range(500):
    loss_pde = (pde_residual(model, X_dom) ** 2).mean()
    loss_zero = ((model(X_zero) / U_TOP) ** 2).mean()
    loss_top = (((model(X_top) - top_value(X_top)) / U_TOP) ** 2).mean()
    loss = loss_pde + loss_zero + loss_top
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 100 == 0:
        print(f"step {step:4d}  pde {loss_pde.item():.4f}  bc0 {loss_zero.item():.4f}  top {loss_top.item():.4f}")

g = torch.linspace(0, 1, 30)
xx, yy = torch.meshgrid(g, g, indexing="ij")
X_eval = torch.stack([xx.ravel(), yy.ravel()], 1)
with torch.no_grad():
    pred = model(X_eval).numpy().ravel()
xe, ye = X_eval[:, 0].numpy(), X_eval[:, 1].numpy()
y = U_TOP * np.sin(pi * xe) * np.sinh(pi * ye) / np.sinh(pi)
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
