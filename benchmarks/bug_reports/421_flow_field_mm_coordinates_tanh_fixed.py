# Rebuilt from: https://github.com/ehsanhaghighat/sciann/issues/73
# Report: "Variable normalization problem": a SciANN model (tanh networks) is trained on 3D turbulence data
#   that should satisfy the Navier-Stokes equations, and the loss of the velocity and pressure fields cannot
#   be reduced; the reporter suspects it is because the variables are not normalized and asks how to do it.
# Fixed twin of 421_flow_field_mm_coordinates_tanh.py: the coordinates and the time are standardized with the
#   training set's mean and standard deviation before they reach the network.
# Our own code, written after the report (not copied from it); data: probe_velocity.dat written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(21)
torch.manual_seed(21)
torch.set_num_threads(1)

DAT = "probe_velocity.dat"


def sample_probes(path, n=3000):
    rng = np.random.default_rng(21)
    x = rng.uniform(0, 2000, n)
    y = rng.uniform(0, 1000, n)
    z = rng.uniform(0, 500, n)
    t = rng.uniform(0, 20, n)
    u = (np.sin(np.pi * x / 1000) * np.cos(np.pi * y / 1000) * np.exp(-z / 800)
         + 0.3 * np.sin(2 * np.pi * t / 10 - x / 700) + rng.normal(0, 0.02, n))
    np.savetxt(path, np.column_stack([x, y, z, t, u]), fmt="%.5f")


def field_net(width=64):
    return nn.Sequential(nn.Linear(4, width), nn.Tanh(), nn.Linear(width, width), nn.Tanh(),
                         nn.Linear(width, width), nn.Tanh(), nn.Linear(width, 1))


if not os.path.exists(DAT):
    sample_probes(DAT)

data = np.loadtxt(DAT, dtype=np.float32)
inputs = torch.from_numpy(data[:, :4])
inputs = (inputs - inputs[:2500].mean(dim=0)) / inputs[:2500].std(dim=0)
u = torch.from_numpy(data[:, 4:])

x_train, u_train = inputs[:2500], u[:2500]
x_test, u_test = inputs[2500:], u[2500:]

net = field_net()
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
mse = nn.MSELoss()

for epoch in range(60):
    perm = torch.randperm(len(x_train))
    for i in range(0, len(perm), 128):
        idx = perm[i:i + 128]
        loss = mse(net(x_train[idx]), u_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch} loss {loss.item():.5f}")

with torch.no_grad():
    pred = net(x_test).view(-1)
target = u_test.view(-1)
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
