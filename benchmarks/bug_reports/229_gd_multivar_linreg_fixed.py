# Rebuilt from: https://github.com/tiepvupsu/ebookMLCB/issues/29
# Report: A reader of the "GD for multivariable functions" chapter got results that differ from the book;
#   y was created with np.random.random(1000)-style code and has shape (1000,), so the residual
#   Xbar @ w - y broadcasts and the gradient comes out as a matrix; the fix is y.reshape(-1, 1).
# Fixed twin of 229_gd_multivar_linreg.py: y reshaped to (1000, 1) before gradient descent
# Our own code, written after the report (not copied from it)
import numpy as np
import torch

np.random.seed(2)
torch.manual_seed(2)

N = 1000
X = np.random.rand(N, 1)
y = 4 + 3 * X[:, 0] + 0.2 * np.random.randn(N)       # shape (1000,)

one = np.ones((N, 1))
Xbar = torch.tensor(np.concatenate((one, X), axis=1), dtype=torch.float64)
y = torch.tensor(y.reshape(-1, 1), dtype=torch.float64)

def cost(w):
    return 0.5 * ((Xbar @ w - y) ** 2).mean()

def grad(w):
    w = w.clone().requires_grad_(True)
    c = cost(w)
    c.backward()
    return w.grad

def myGD(w_init, eta, n_iter=1000):
    w = [w_init]
    for it in range(n_iter):
        w_new = w[-1] - eta * grad(w[-1])
        if torch.linalg.norm(grad(w_new)) / len(w_new) < 1e-3:
            break
        w.append(w_new)
    return w, it

w_init = torch.tensor([[2.0], [1.0]], dtype=torch.float64)
w1, it1 = myGD(w_init, 1)
print("Solution found by GD: w =", w1[-1].T, ",\nafter %d iterations." % (it1 + 1))

with torch.no_grad():
    pred = (Xbar @ w1[-1]).reshape(-1)
    yv = y.reshape(-1)
    r2 = 1 - ((pred - yv) ** 2).mean() / yv.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
