# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/56969
# Report: "Model does not train properly when explicitly applying the gradients": fitting the indicator of a
#   disc, u_0(x) = 1 inside a circle of radius 0.25 in the unit square, with a 2-64-64-1 LeakyReLU network,
#   model.fit() learns it but the loop computing the loss and calling optimizer.apply_gradients "seems not
#   training". fun_u_0 returns one value per point (reduce_sum over axis=1), shape (N,), while the model's
#   output is (N, 1).
# Fixed twin of 406_disc_indicator_apply_gradients.py: the targets get their trailing axis, u_0 has shape (N, 1)
#   like the predictions.
# Our own code, written after the report (not copied from it)
from time import time

import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)

lb = torch.tensor([0.0, 0.0])
ub = torch.tensor([1.0, 1.0])
N_0 = 1024
Nepochs = 500
lr = 0.001


def fun_u_0(xx):
    c_0 = 0.5 * (lb + ub)
    rr = 0.25 * torch.min(ub - lb)
    dsq = torch.sum((xx - c_0) * (xx - c_0), dim=1)
    return torch.where(dsq <= rr * rr, 1.0, 0.0)


def init_model(num_hidden_layers=2, num_neurons_per_layer=64):
    layers = [nn.Linear(2, num_neurons_per_layer), nn.LeakyReLU()]
    for _ in range(num_hidden_layers - 1):
        layers += [nn.Linear(num_neurons_per_layer, num_neurons_per_layer), nn.LeakyReLU()]
    layers.append(nn.Linear(num_neurons_per_layer, 1))   # output is one-dimensional
    return nn.Sequential(*layers)


x_0 = lb + (ub - lb) * torch.rand(N_0, 2)
u_0 = fun_u_0(x_0).unsqueeze(1)

model = init_model()
optim = torch.optim.Adam(model.parameters(), lr=lr)
loss_fn = nn.MSELoss()


def compute_loss(model, x, u):
    u_pred = model(x)
    return loss_fn(u_pred, u)


def train_step():
    loss = compute_loss(model, x_0, u_0)
    optim.zero_grad()
    loss.backward()
    optim.step()
    return loss


t0 = time()
for i in range(Nepochs + 1):
    loss = train_step()
    if i % 200 == 0:
        print(f"It {i:05d}: loss = {loss.item():10.8e}")
print(f"Computation time: {time() - t0:.1f} seconds")

x_test = lb + (ub - lb) * torch.rand(4096, 2)
with torch.no_grad():
    inside = model(x_test).squeeze(1) > 0.5
acc = (inside.float() == fun_u_0(x_test)).float().mean()
print(f"RESULT acc={acc.item():.4f}")
