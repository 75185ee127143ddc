# Fixed twin of 27_housing_gradient_descent.py: the columns are standardized.
# Rebuilt from: https://thepalindrome.org/p/linear-regression-and-the-exploding-gradients
# Report: a multivariable linear regression trained by gradient descent on the
#   California housing data ends with nan parameters; the gradient of the fifth
#   feature (population) is orders of magnitude larger than the others, and
#   lowering the learning rate only trades divergence for no progress.
# The bug (TL002) of its twin, fixed here: raw California housing columns (population ~1,400 next to
#   median income ~4) in a hand-written gradient descent loop.
# Our own code, written after the report (not copied from it), in PyTorch;
# housing.csv is a small made-up table beside this script.
import numpy as np
import torch

table = np.loadtxt("housing.csv", delimiter=",", skiprows=1, dtype=np.float32)
X = torch.from_numpy(table[:, :8])
X = (X - X.mean(dim=0)) / X.std(dim=0)
y = torch.from_numpy(table[:, 8:9])

weights = torch.zeros(8, 1, requires_grad=True)
bias = torch.zeros(1, requires_grad=True)
learning_rate = 0.05
for step in range(300):
    prediction = X @ weights + bias
    loss = ((prediction - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        weights -= learning_rate * weights.grad
        bias -= learning_rate * bias.grad
        weights.grad.zero_()
        bias.grad.zero_()

with torch.no_grad():
    pred = X @ weights + bias
    r2 = 1 - ((pred - y) ** 2).mean() / y.var()
print(f"RESULT r2={r2.item():.3f}")
