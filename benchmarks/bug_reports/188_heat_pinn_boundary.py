# Rebuilt from: https://github.com/frohrhofer/PINN_pareto/issues/1
# Report: the diffusion PINN's sample_BC() builds u_BC = array2tensor([[0] * X_BC.shape[0]]), shape
#   [1, 256], while X_BC is [256, 2]: a size mismatch "without further direct impact but possibly
#   slightly alters the loss calculation of the boundary conditions". The maintainer agreed and
#   changed it to [[0]] * N, shape [256, 1].
# Bug (planted: TL001): HeatData.sample_BC() wraps the boundary temperatures in one extra list, so
#   u_BC is (1, 2n) while model(X_BC) is (2n, 1); nn.MSELoss in PINN.bc_loss() broadcasts to (2n, 2n).
# Our own code, written after the report (not copied from it); boundary values made non-zero (1 and 0)
#   so the broadcast actually changes the fit.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(0)
KAPPA = 0.2


def exact(x, t):
    return 1.0 - x + np.exp(-np.pi ** 2 * KAPPA * t) * np.sin(np.pi * x)


class HeatData:
    def __init__(self, n_bc=32, n_obs=60, n_col=64):
        self.n_bc, self.n_obs, self.n_col = n_bc, n_obs, n_col

    def array2tensor(self, array, exp_dim=True):
        arr = np.asarray(array, dtype=np.float32)
        if exp_dim:
            arr = arr[:, None]
        return torch.from_numpy(arr)

    def sample_BC(self):
        t = rng.uniform(0, 0.5, self.n_bc)
        X_left = [[0.0, ti] for ti in t]
        X_right = [[1.0, ti] for ti in t]
        X_BC = self.array2tensor(X_left + X_right, exp_dim=False)              # [2n, 2]
        u_BC = self.array2tensor([[1.0] * self.n_bc + [0.0] * self.n_bc], exp_dim=False)  # [1, 2n]
        return X_BC, u_BC

    def sample_obs(self):
        x, t = rng.uniform(0, 1, self.n_obs), rng.uniform(0, 0.5, self.n_obs)
        X = self.array2tensor(np.stack([x, t], 1), exp_dim=False)
        return X, self.array2tensor(exact(x, t))                                # [n, 1]

    def sample_collocation(self):
        X = np.stack([rng.uniform(0, 1, self.n_col), rng.uniform(0, 0.5, self.n_col)], 1)
        return self.array2tensor(X, exp_dim=False).requires_grad_(True)


class PINN(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))
        self.mse = nn.MSELoss()

    def forward(self, X):
        return self.net(X)

    def bc_loss(self, X_BC, u_BC):
        return self.mse(self(X_BC), u_BC)

    def pde_loss(self, X):
        u = self(X)
        du = torch.autograd.grad(u.sum(), X, create_graph=True)[0]
        u_x, u_t = du[:, :1], du[:, 1:]
        u_xx = torch.autograd.grad(u_x.sum(), X, create_graph=True)[0][:, :1]
        return ((u_t - KAPPA * u_xx) ** 2).mean()

    def data_loss(self, X, u):
        return self.mse(self(X), u)


data = HeatData()
X_BC, u_BC = data.sample_BC()
X_obs, u_obs = data.sample_obs()
X_col = data.sample_collocation()
model = PINN()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for step in range(200):
    opt.zero_grad()
    loss = model.bc_loss(X_BC, u_BC) + model.data_loss(X_obs, u_obs)
    if step % 10 == 0:  # physics residual every few steps keeps the CPU run short
        loss = loss + model.pde_loss(X_col)
    loss.backward()
    opt.step()
    if step % 100 == 0:
        print(f"step {step} loss {loss.item():.5f}")

with torch.no_grad():
    X_all = torch.cat([X_BC, X_obs])
    y_all = torch.cat([u_BC.reshape(-1, 1), u_obs])
    pred = model(X_all)
    r2 = 1 - ((pred - y_all) ** 2).mean() / y_all.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
