# Rebuilt from: https://discuss.pytorch.org/t/how-to-code-pinn-for-a-simple-pde/166695
# Report: A 1D heat-conduction rod (L = 0.1 m, 60 s, left end 70 C, right end 40 C, initial 50 C) solved
#   fine with finite differences, but the PINN trained on the same (x, t) grid gave "results not acceptable
#   at all". The script computes lb/ub of the inputs but feeds raw metres and seconds to the network.
# Bug (planted: TL002): the network input is raw (x [m] in 0..0.1, t [s] in 0..60); lb/ub are computed
#   but never used, so the two input columns differ by ~600x and tanh units saturate along t.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

# ---------------- finite-difference reference ----------------
L, t_sim = 0.1, 60.0            # m, s
alpha = 1.0e-4                  # thermal diffusivity lambda/(rho*cp) [m^2/s]
T_ic, T_left, T_right = 50.0, 70.0, 40.0
dx, dt = 0.002, 0.01
nx, nt = int(L / dx) + 1, int(t_sim / dt)
T = np.ones(nx) * T_ic
snapshots = []
for i in range(nt):
    if i % 100 == 0:
        snapshots.append(T.copy())
    Tn = T.copy()
    T[1:-1] = Tn[1:-1] + alpha * dt / dx ** 2 * (Tn[2:] - 2 * Tn[1:-1] + Tn[:-2])
    T[0], T[-1] = T_left, T_right
Temps = np.array(snapshots)                    # (n_snap, nx)
t_grid = np.arange(len(snapshots)) * 100 * dt
x_grid = np.linspace(0, L, nx)

tt, xx = np.meshgrid(t_grid, x_grid, indexing="ij")
X_train = torch.tensor(np.column_stack([xx.ravel(), tt.ravel()]), dtype=torch.float32)
y_train = torch.tensor(Temps.reshape(-1, 1), dtype=torch.float32)
lb = X_train.min(0).values      # lower boundary
ub = X_train.max(0).values      # upper boundary


class PINN(nn.Module):
    def __init__(self, layers=(2, 32, 32, 32, 1)):
        super().__init__()
        mods = []
        for a, b in zip(layers[:-1], layers[1:]):
            mods += [nn.Linear(a, b), nn.Tanh()]
        self.net = nn.Sequential(*mods[:-1])

    def forward(self, X):
        return self.net(X)


model = PINN()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.MSELoss()
for epoch in range(1500):
    optimizer.zero_grad()
    loss = criterion(model(X_train), y_train)
    loss.backward()
    optimizer.step()
    if epoch % 300 == 0:
        print(f"epoch {epoch:4d}  loss {loss.item():.3f}")

with torch.no_grad():
    pred = model(X_train)
r2 = 1 - ((pred - y_train) ** 2).mean().item() / y_train.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
