# Rebuilt from: https://github.com/PredictiveIntelligenceLab/jaxpi/issues/11
# Report: A user of the unsteady cylinder-flow example asked why the (t, x, y) coordinates, already
#   non-dimensionalized, are still passed around in physical units: the network's forward divides
#   t by the time span and x, y by the channel length/width before the first layer.
# Not a bug (a look-alike that must stay silent): the training tensors hold raw seconds and metres
#   (t up to 8 s, x up to 2.2 m), but forward() rescales every coordinate to [0, 1] before nn.Linear,
#   so the network never sees unscaled inputs.
# Our own code, written after the report (not copied from it); PyTorch, synthetic wake-like velocity field.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(11)
np.random.seed(11)
torch.set_num_threads(1)

T_END, L, W = 8.0, 2.2, 0.41      # s, m, m
U_INF = 1.5                        # m/s


def make_samples(n=600):
    t = np.random.uniform(0, T_END, n)
    x = np.random.uniform(0, L, n)
    y = np.random.uniform(0, W, n)
    u = U_INF * 4 * y * (W - y) / W ** 2 * (1 - 0.35 * np.exp(-((x - 0.5) / 0.4) ** 2)
                                           * np.cos(2 * np.pi * 0.6 * t - 3.0 * x))
    return np.column_stack([t, x, y]).astype(np.float32), u.astype(np.float32)


class WakeNet(nn.Module):
    def __init__(self, width=64):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(3, width), nn.Tanh(), nn.Linear(width, width), nn.Tanh(),
                                 nn.Linear(width, 1))

    def forward(self, t, x, y):
        t = t / T_END      # rescale t into [0, 1]
        x = x / L          # rescale x into [0, 1]
        y = y / W          # rescale y into [0, 1]
        return self.net(torch.cat([t, x, y], dim=1))


coords, u = make_samples()
t_tr = torch.from_numpy(coords[:, 0:1])
x_tr = torch.from_numpy(coords[:, 1:2])
y_tr = torch.from_numpy(coords[:, 2:3])
u_tr = torch.from_numpy(u).view(-1, 1)

model = WakeNet()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
mse = nn.MSELoss()
for step in range(1500):
    opt.zero_grad()
    loss = mse(model(t_tr, x_tr, y_tr), u_tr)
    loss.backward()
    opt.step()
    if step % 500 == 0:
        print(f"step {step}: loss {loss.item():.5f}")

with torch.no_grad():
    pred = model(t_tr, x_tr, y_tr)
    r2 = 1 - ((pred - u_tr) ** 2).mean() / u_tr.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
