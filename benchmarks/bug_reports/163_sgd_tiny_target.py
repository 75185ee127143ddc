# Rebuilt from: https://stats.stackexchange.com/questions/312374/unable-to-fit-linear-regression-with-sgd
# Report: A single linear layer trained with SGD (lr=1e-3, He-normal init, inputs standardized to mean 0/var 1)
#   cannot reproduce sklearn's LinearRegression (MSE=8e-7, R^2=0.51): from random init it ends at R^2=-21 after
#   500 epochs. The asker suspects the (y_hat - y) terms, i.e. the tiny target values, make the gradients too small.
# Bug (planted: TL002): the target (daily returns, std ~1e-3) is left on its raw, tiny scale while the weights are
#   initialized at O(0.3), so SGD spends the whole budget shrinking the init instead of fitting the signal.
# Our own code, written after the report (not copied from it); synthetic data built in make_returns()
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(0)


def make_returns(n=600, d=24):
    X = rng.normal(size=(n, d))
    w = rng.normal(0, 1, d)
    signal = X @ w
    y = 1e-3 * (signal / signal.std() + rng.normal(0, 1.0, n))   # ~50% explainable variance
    return X.astype(np.float32), y.astype(np.float32)


X, y = make_returns()
X = (X - X.mean(0)) / X.std(0)
X_t = torch.from_numpy(X)
y_t = torch.from_numpy(y).view(-1, 1)

net = nn.Linear(X.shape[1], 1)
nn.init.kaiming_normal_(net.weight)
opt = torch.optim.SGD(net.parameters(), lr=1e-3)
mse = nn.MSELoss()

batch_size = 32
for epoch in range(100):
    perm = torch.randperm(len(X_t))
    for i in range(0, len(X_t), batch_size):
        idx = perm[i:i + batch_size]
        opt.zero_grad()
        loss = mse(net(X_t[idx]), y_t[idx])
        loss.backward()
        opt.step()
    if epoch % 25 == 0:
        print(f"epoch {epoch} loss {loss.item():.3e} |w| {net.weight.norm().item():.3f}")

with torch.no_grad():
    pred = net(X_t)
r2 = 1 - torch.mean((pred - y_t) ** 2) / torch.var(y_t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
