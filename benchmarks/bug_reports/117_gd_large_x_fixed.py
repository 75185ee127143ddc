# Rebuilt from: https://datascience.stackexchange.com/questions/117008/normalising-data-for-simple-linear-regression
# Report: Fitting y = 2x by gradient descent on MSE works for small evenly spaced x, but with large or
#   unevenly spaced x (e.g. 1..5 mixed with 100, 200) W never converges and becomes nan; a tiny learning
#   rate only helps sometimes. Conclusion in the thread: standardise the data.
# Fixed twin of 117_gd_large_x.py: x and y are standardised (mean 0, std 1) before gradient descent.
# Our own code, written after the report (not copied from it); data: numpy Generator in the script
import numpy as np
import torch

torch.manual_seed(0)
rng = np.random.default_rng(42)

x_np = np.concatenate([rng.uniform(1, 5, 200), rng.uniform(100, 500, 40)])
y_np = 2 * x_np + rng.normal(0, 1.0, x_np.shape)
x_np = (x_np - x_np.mean()) / x_np.std()
y_np = (y_np - y_np.mean()) / y_np.std()

X = torch.tensor(x_np, dtype=torch.float32)
Y = torch.tensor(y_np, dtype=torch.float32)
W = torch.zeros(1, requires_grad=True)  # slope only, like y = W * x


def forward(X, W):
    return W * X


lr = 0.01
n_epochs = 300
for epoch in range(n_epochs):
    prediction = forward(X, W)
    loss = torch.mean((prediction - Y) ** 2)
    loss.backward()
    with torch.no_grad():
        W -= lr * W.grad
    W.grad.zero_()
    if epoch % 50 == 0:
        print(epoch, W.item(), loss.item())

with torch.no_grad():
    pred = forward(X, W)
    r2 = 1 - torch.mean((pred - Y) ** 2) / torch.var(Y, unbiased=False)
print("RESULT r2=%.3f" % r2.item())
