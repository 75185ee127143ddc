# Rebuilt from: https://github.com/pytorch/pytorch/issues/26551
# Report: "No way to disable mse_loss broadcasting warning": the reporter legitimately wants the MSE between
#   a (N, K) tensor and a (N, 1) tensor (each sample against several others) and relies on broadcasting on
#   purpose; F.mse_loss warns anyway and there is no switch to silence it.
# Not a bug (a look-alike that must stay silent): K forecast heads each predict the same weekly demand, and the
#   (N, K) - (N, 1) broadcast in the hand-written squared error is the intended "every head vs. the one
#   target" comparison; metrics use the averaged heads against y of the same shape.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(3)
n = 500
df = pd.DataFrame({"prev_week_sales": rng.integers(50, 400, n), "discount_fraction": rng.uniform(0, 0.4, n),
                   "weeks_to_next_festival": rng.integers(0, 20, n)})
df["demand"] = 0.9 * df["prev_week_sales"] + 300 * df["discount_fraction"] - 4 * df["weeks_to_next_festival"] \
    + rng.normal(0, 10, n)
X = df[["prev_week_sales", "discount_fraction", "weeks_to_next_festival"]].values
X = (X - X.mean(0)) / X.std(0)
y = df["demand"].values
y_mu, y_sd = y.mean(), y.std()
X = torch.tensor(X, dtype=torch.float32)
y = torch.tensor((y - y_mu) / y_sd, dtype=torch.float32).unsqueeze(1)    # (N, 1)

K = 4
model = nn.Sequential(nn.Linear(3, 32), nn.ReLU(), nn.Linear(32, K))      # (N, K): K heads
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(400):
    preds = model(X)                          # (N, K)
    loss = ((preds - y) ** 2).mean()          # every head vs. the same target, broadcast on purpose
    opt.zero_grad()
    loss.backward()
    opt.step()

with torch.no_grad():
    pred = model(X).mean(dim=1, keepdim=True)   # (N, 1), same shape as y
r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
