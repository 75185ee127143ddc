# Rebuilt from: https://forums.fast.ai/t/help-with-simple-celcius-to-f-linear-regression-using-pytorch-gradient-descent-autograd/18783
# Report: Linear regression Celsius -> Fahrenheit with autograd and a hand-written update step. The bias
#   crawled (-0.59 -> -0.28 in 5000 epochs instead of 32), and raising the learning rate made the
#   gradients blow up. Answer: the Xs are in the range -500..500; normalize the data.
# Bug (planted: TL002): the Celsius inputs (uniform in -500..500) are used raw as x in the model
#   a*x + b, trained by plain gradient descent with lr 1e-2 -> the updates overflow to nan.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch

np.random.seed(1)
torch.manual_seed(1)


def c_to_f(c):
    return c * 1.8 + 32


x = np.array([[c] for c in np.random.uniform(-500, 500, 2000)], dtype=np.float32)
y = np.array([c_to_f(c) + np.random.randn() * 0.3 for c in x], dtype=np.float32)

x = torch.from_numpy(x)
y = torch.from_numpy(y)

a = torch.randn(1, requires_grad=True)
b = torch.randn(1, requires_grad=True)


def mse(y_hat, y):
    return ((y_hat - y) ** 2).mean()


lr = 1e-2
for epoch in range(1000):
    y_hat = a * x + b
    loss = mse(y_hat, y)
    loss.backward()
    with torch.no_grad():
        a -= lr * a.grad
        b -= lr * b.grad
        a.grad.zero_()
        b.grad.zero_()
    if epoch % 200 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f} a {a.item():.4f} b {b.item():.4f}")

with torch.no_grad():
    y_hat = a * x + b
    r2 = 1 - ((y_hat - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
