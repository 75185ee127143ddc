# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/40391
# Report: "Custom train loop inconsistent with Keras fit for vector variables": a linear model trained with
#   a GradientTape loop ends far from the one trained with Model.fit; the scalar variable (the bias) is
#   updated as expected but the vector variable (the kernel) gets the wrong gradient.
# Bug (planted: TL001): the target column is taken as a flat array (table[:, 6]) and sliced per mini-batch
#   while the linear layer outputs (B, 1); F.mse_loss broadcasts them to B x B, the bias still goes to the
#   mean but the kernel is pushed toward zero.
# Our own code, written after the report (not copied from it); data: linear_obs.npy written beside it
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(14)
torch.manual_seed(14)
torch.set_num_threads(1)

DATA = "linear_obs.npy"


def make_observations(path, n=2000, d=6):
    rng = np.random.default_rng(14)
    x = rng.normal(0, 1, (n, d))
    true_w = np.array([1.5, -2.0, 0.7, 0.0, 1.1, -0.4])
    y = x @ true_w + 0.5 + rng.normal(0, 0.1, n)
    np.save(path, np.column_stack([x, y]).astype(np.float32))


if not os.path.exists(DATA):
    make_observations(DATA)

table = torch.from_numpy(np.load(DATA))
x_train, y_train = table[:1600, :6], table[:1600, 6]
x_test, y_test = table[1600:, :6], table[1600:, 6]

layer = nn.Linear(6, 1)
optimizer = torch.optim.SGD(layer.parameters(), lr=0.05)
batch_size = 50

for epoch in range(30):
    for start in range(0, len(x_train), batch_size):
        xb = x_train[start:start + batch_size]
        yb = y_train[start:start + batch_size]
        loss = F.mse_loss(layer(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f} bias {layer.bias.item():.3f}")

print("kernel", [round(v, 3) for v in layer.weight.view(-1).tolist()])
with torch.no_grad():
    pred = layer(x_test).view(-1)
target = y_test.view(-1)
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
