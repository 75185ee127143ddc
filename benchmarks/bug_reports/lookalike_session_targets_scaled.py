# Rebuilt from: https://discuss.pytorch.org/t/how-to-deal-with-the-labels-having-drastically-different-values/116598
# Report: a multi-output regression had label vectors where two entries were ~12000 and the rest ~0.1-2;
#   the asker wondered whether this hurts training; the answer was to standardize every output dimension.
# Not a bug (a look-alike that must stay silent): the raw columns in seconds/counts are TARGETS, and they are
#   standardized per dimension before the loss; the model inputs are already unit-scale engagement scores.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

# %% visitors: inputs are already z-scored engagement signals from the analytics export
n = 500
X = np.random.randn(n, 6).astype(np.float32)
session_seconds = 300 + 120 * X[:, 0] + 60 * X[:, 1] * X[:, 2] + np.random.normal(0, 20, n)
page_views = 4 + 1.2 * X[:, 0] + 0.8 * X[:, 3] + np.random.normal(0, 0.3, n)
scroll_depth = 0.5 + 0.1 * np.tanh(X[:, 4]) + np.random.normal(0, 0.02, n)
total_watch_ms = 12000 + 3000 * X[:, 5] + 1500 * X[:, 1] + np.random.normal(0, 300, n)
Y = np.column_stack([session_seconds, page_views, scroll_depth, total_watch_ms]).astype(np.float32)

# %% standardize each target column (answer in the thread)
y_mean, y_std = Y.mean(0), Y.std(0)
Yn = (Y - y_mean) / y_std

Xt, Yt = torch.from_numpy(X), torch.from_numpy(Yn)
model = nn.Sequential(nn.Linear(6, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 4))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
crit = nn.MSELoss()
for step in range(300):
    opt.zero_grad()
    loss = crit(model(Xt), Yt)
    loss.backward()
    opt.step()
    if step % 200 == 0:
        print(step, round(loss.item(), 4))

with torch.no_grad():
    pred = model(Xt)
r2 = 1 - ((pred - Yt) ** 2).mean().item() / Yt.var(0, unbiased=False).mean().item()
print(f"RESULT r2={r2:.3f}")
