# Rebuilt from: https://github.com/FluxML/MLJFlux.jl/issues/152
# Report: Regression on a DataFrame (x1..x5, y = x1^2 + x2*x3 - 4*x4) trained in mini-batches gives no error,
#         but the loss value is wrong: the network returns a batch_size x 1 matrix, the label is a vector,
#         and the elementwise mse (yhat .- y).^2 broadcasts to batch_size x batch_size before averaging.
# Bug (planted: TL001): the hand-written mse_loss() gets pred (B, 1) from the model and yb (B,) from the
#         DataFrame column, so (pred - yb) ** 2 is (B, B); the model learns little more than the mean.
# Our own code, written after the report (not copied from it); synthetic data generated in the script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(1)
rng = np.random.default_rng(1)

n, d = 600, 5
X_df = pd.DataFrame(rng.random((n, d)), columns=[f"x{i + 1}" for i in range(d)])
y_ser = X_df.x1 ** 2 + X_df.x2 * X_df.x3 - 4 * X_df.x4

X = torch.tensor(X_df.values, dtype=torch.float32)
y = torch.tensor(y_ser.values, dtype=torch.float32)


def make_batches(X, y, batch_size):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), batch_size):
        idx = perm[i:i + batch_size]
        yield X[idx], y[idx]


def mse_loss(yhat, y):
    return ((yhat - y) ** 2).mean()


class Chain(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.dense = nn.Sequential(nn.Linear(n_in, 32), nn.Tanh(), nn.Linear(32, n_out))

    def forward(self, x):
        return self.dense(x)


model = Chain(d, 1)
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
for epoch in range(150):
    losses = []
    for xb, yb in make_batches(X, y, batch_size=50):
        opt.zero_grad()
        loss = mse_loss(model(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    if epoch % 50 == 0:
        print(f"epoch {epoch} mean batch loss {np.mean(losses):.4f}")

with torch.no_grad():
    pred = model(X).squeeze(1)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
