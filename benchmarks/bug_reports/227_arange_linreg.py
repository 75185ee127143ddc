# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/3148
# Report: The "getting started" linear regression (y = 0.1 * x + 0.3, gradient descent with lr 0.5)
#   works with x_data = np.random.rand(100), but after changing it to x_data = np.arange(100) the
#   weight and bias become nan. Maintainer: x has a mean of ~50, divide it by 100 (rebuilt in PyTorch).
# Bug (planted: TL002): the input x_data = np.arange(100) (0..99) is fed unscaled to a plain
#   gradient-descent linear model, which diverges to nan.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch

np.random.seed(0)
torch.manual_seed(0)

x_data = np.arange(100).astype(np.float32)
y_data = x_data * 0.1 + 0.3

x = torch.from_numpy(x_data)
y = torch.from_numpy(y_data)

W = torch.empty(1).uniform_(-1.0, 1.0).requires_grad_()
b = torch.zeros(1, requires_grad=True)

optimizer = torch.optim.SGD([W, b], lr=0.5)

for step in range(201):
    y_hat = W * x + b
    loss = torch.mean((y_hat - y) ** 2)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 20 == 0:
        print(step, W.item(), b.item(), loss.item())

with torch.no_grad():
    pred = W * x + b
    r2 = 1 - torch.mean((pred - y) ** 2) / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
