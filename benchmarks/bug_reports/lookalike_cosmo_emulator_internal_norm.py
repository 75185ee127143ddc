# Rebuilt from: https://github.com/alessiospuriomancini/cosmopower/pull/26
# Report: In the cosmopower emulator the cosmological input parameters are passed in raw and the network
#   normalizes them internally (stored means/stds); the contributor only had to add an optional scaling
#   of the output features, because the raw inputs were already handled inside the model.
# Not a bug (a look-alike that must stay silent): the parameters (A_s ~ 2e-9, h ~ 0.7, ...) look unscaled
#   where they are built, but the Emulator standardizes them in forward() with buffers from the training set.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

n = 600
omega_m = np.random.uniform(0.24, 0.40, n)
omega_b = np.random.uniform(0.040, 0.056, n)
h = np.random.uniform(0.62, 0.76, n)
n_s = np.random.uniform(0.92, 1.00, n)
A_s = np.random.uniform(1.7e-9, 2.5e-9, n)
params = np.c_[omega_m, omega_b, h, n_s, A_s].astype(np.float32)

k = np.logspace(-2, 0, 8)                               # h/Mpc
# toy log10 P(k): amplitude, tilt and a shape term set by omega_m*h
logP = (np.log10(A_s / 2e-9)[:, None] + (n_s[:, None] - 1) * np.log10(k)[None, :]
        - 0.8 * np.log10(1 + k[None, :] / (0.3 * omega_m[:, None] * h[:, None]))
        - 2.0 * omega_b[:, None] + 3.5)
spec_mu, spec_sd = logP.mean(0), logP.std(0)
target = ((logP - spec_mu) / spec_sd).astype(np.float32)


class Emulator(nn.Module):
    def __init__(self, train_params, n_out):
        super().__init__()
        t = torch.as_tensor(train_params, dtype=torch.float64)
        self.register_buffer("p_mean", t.mean(0))
        self.register_buffer("p_std", t.std(0))
        self.net = nn.Sequential(nn.Linear(t.shape[1], 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU(), nn.Linear(64, n_out))

    def forward(self, p):
        z = ((p.double() - self.p_mean) / self.p_std).float()   # internal input normalization
        return self.net(z)


P = torch.from_numpy(params)
Y = torch.from_numpy(target)
emu = Emulator(params, Y.shape[1])
opt = torch.optim.Adam(emu.parameters(), lr=2e-3)

for step in range(1500):
    idx = torch.randint(0, n, (64,))
    opt.zero_grad()
    loss = ((emu(P[idx]) - Y[idx]) ** 2).mean()
    loss.backward()
    opt.step()
    if step % 500 == 0:
        print(f"step {step}  loss {loss.item():.4f}")

with torch.no_grad():
    pred = emu(P)
    r2 = 1 - ((pred - Y) ** 2).mean() / Y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
