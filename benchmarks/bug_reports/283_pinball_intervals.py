# Rebuilt from: https://github.com/nmdwolf/ValidPredictionIntervals/issues/1
# Report: A user fit a small MLP to a noisy sine curve with the repo's pinball_loss (quantile_loss applied to
#   pred[:, i] for each quantile) and "cannot get it to work": the quantile curves come out flat, while an
#   alternative loss they wrote gives reasonable quantiles. The issue got no answer.
# Bug (planted: TL001): y_train is kept as an (N, 1) column, while quantile_loss receives pred[:, i] of shape (N,);
#   diff = true - pred broadcasts to (N, N), so every head learns one unconditional quantile of all y.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


def quantile_loss(true, pred, gamma):
    diff = true - pred
    return torch.mean(torch.max((gamma - 1) * diff, gamma * diff))


def pinball_loss(pred, true, quantiles=(0.1, 0.9, 0.5)):
    # one column of pred per quantile, third column is the median
    return torch.mean(torch.stack([quantile_loss(true, pred[:, i], quantiles[i])
                                   for i in range(len(quantiles))]))


def make_toy_data(n=400):
    x = np.sort(np.random.uniform(-3, 3, n))
    y = np.sin(2 * x) + 0.15 * (1 + np.abs(x)) * np.random.randn(n)
    X = torch.tensor(x, dtype=torch.float32).reshape(-1, 1)
    Y = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)   # column vector, like in the notebook
    return X, Y


X_train, y_train = make_toy_data()

model = nn.Sequential(
    nn.Linear(1, 64), nn.ReLU(),
    nn.Linear(64, 64), nn.ReLU(),
    nn.Linear(64, 3),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

for epoch in range(300):
    optimizer.zero_grad()
    preds = model(X_train)
    loss = pinball_loss(preds, y_train)
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch:4d}  pinball {loss.item():.4f}")

with torch.no_grad():
    preds = model(X_train)
    lo, hi, med = preds[:, 0], preds[:, 1], preds[:, 2]
    y = y_train.view(-1)
    coverage = ((y >= lo) & (y <= hi)).float().mean().item()
    width = (hi - lo).mean().item()
    r2 = 1 - torch.mean((med - y) ** 2) / torch.var(y, unbiased=False)
print(f"interval coverage {coverage:.3f}, mean width {width:.3f}")
print(f"RESULT r2={r2.item():.3f}")
