# Rebuilt from: https://stats.stackexchange.com/questions/300530/how-to-improve-this-simple-neural-network-in-keras-for-non-linear-regression
# Report: a 1-200-100-1 ReLU net trained with SGD (batch 10, 20 epochs) to fit a thermodynamic
#   equation of state: nitrogen density vs temperature (50..250 K) at 1.1 x critical pressure; the
#   reporter divides T by T_max and rho by rho_max before fitting.
# Fixed twin of 180_nitrogen_density_kelvin.py: T is divided by T_max and rho by rho_max before training (the report's own step); predictions multiplied back by rho_max.
# Our own code, written after the report (not copied from it); density from a smooth made-up curve, not CoolProp
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)


def generate_data(nT=2000, T_min=50.0, T_max=250.0):
    T_vec = np.linspace(T_min, T_max, nT)
    # liquid-like below ~128 K, gas-like above, supercritical smooth transition
    rho_vec = 95.0 + 0.9 * (250.0 - T_vec) + 640.0 / (1.0 + np.exp((T_vec - 128.0) / 7.0))
    return T_vec, rho_vec


T_vec, rho_vec = generate_data()
T_max = max(T_vec)
rho_max = max(rho_vec)
T_norm = T_vec / T_max
rho_norm = rho_vec / rho_max
T_in = torch.tensor(T_norm, dtype=torch.float32).view(-1, 1)
rho_in = torch.tensor(rho_norm, dtype=torch.float32).view(-1, 1)

model = nn.Sequential(nn.Linear(1, 200), nn.ReLU(),
                      nn.Linear(200, 100), nn.ReLU(),
                      nn.Linear(100, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

n = len(T_in)
for epoch in range(10):
    perm = torch.randperm(n)
    for i in range(0, n, 10):
        idx = perm[i:i + 10]
        opt.zero_grad()
        loss = loss_fn(model(T_in[idx]), rho_in[idx])
        loss.backward()
        opt.step()
    print(f"epoch {epoch} loss {loss.item():.4g}")

with torch.no_grad():
    predict = model(T_in) * rho_max
rho_t = torch.tensor(rho_vec, dtype=torch.float32).view(-1, 1)
r2 = 1 - torch.mean((predict - rho_t) ** 2) / torch.var(rho_t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
