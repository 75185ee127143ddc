# Rebuilt from: https://github.com/hunkim/DeepLearningZeroToAll/pull/234
# Report: PR on the course lab "lab-07-3-linear_regression_min_max" (daily stock rows: open, high, volume,
#   low -> close). The lab shows that on the raw rows (prices ~800, volume ~1e6) gradient descent blows up
#   to nan, and that min-max scaling the data first makes it train; the PR renames the scaling helper and
#   prints the normalized data.
# Bug (planted: TL002): the raw price/volume rows from load_rows() go straight into the linear model
#   trained with plain SGD; min_max_scale() is defined but never applied.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch

torch.manual_seed(777)
np.random.seed(777)


def load_rows(n=300):
    # columns: open, high, volume, low, close (synthetic random-walk daily bars)
    close = 800 + np.cumsum(np.random.normal(0, 4, n))
    open_ = close + np.random.normal(0, 3, n)
    high = np.maximum(open_, close) + np.abs(np.random.normal(0, 3, n))
    low = np.minimum(open_, close) - np.abs(np.random.normal(0, 3, n))
    volume = np.random.uniform(6e5, 2.5e6, n)
    return np.stack([open_, high, volume, low, close], 1).astype(np.float32)


def min_max_scale(data):
    numerator = data - np.min(data, 0)
    denominator = np.max(data, 0) - np.min(data, 0)
    return numerator / (denominator + 1e-7)


xy = load_rows()
x_data = torch.tensor(xy[:, :-1])
y_data = torch.tensor(xy[:, [-1]])

W = torch.randn(4, 1, requires_grad=True)
b = torch.randn(1, requires_grad=True)
optimizer = torch.optim.SGD([W, b], lr=0.05)

for step in range(1501):
    hypothesis = x_data @ W + b
    cost = torch.mean((hypothesis - y_data) ** 2)
    optimizer.zero_grad()
    cost.backward()
    optimizer.step()
    if step % 500 == 0:
        print(step, "cost:", cost.item())

with torch.no_grad():
    pred = x_data @ W + b
    r2 = 1 - torch.mean((pred - y_data) ** 2) / torch.var(y_data, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
