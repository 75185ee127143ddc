# Rebuilt from: https://github.com/robjhyndman/forecast/issues/235
# Report: A contributor notes that nnetar only scales the series by dividing by its largest absolute value,
#   and asks whether inputs should rather be standardized or put in [-1, 1] instead of [0, 1]; the point is
#   a possible speed-up, not a failure: the max-scaled network already trains and forecasts.
# Not a bug (a look-alike that must stay silent): the weekly sales lags are divided by the series maximum
#   instead of being standardized; they sit in [0, 1], so the MLP trains normally with plain SGD.
# Our own code, written after the report (not copied from it); weekly sales are synthetic (make_series())
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(6)
torch.set_num_threads(1)
np.random.seed(6)


def make_series(n_weeks=260):
    t = np.arange(n_weeks)
    sales = 18000 + 25 * t + 4000 * np.sin(2 * np.pi * t / 52) + 1500 * np.sin(2 * np.pi * t / 13)
    return pd.Series(sales * np.random.normal(1, 0.03, n_weeks), name="units_sold")


def lagged_frame(series, p=4, P=1, season=52):
    cols = {f"lag_{k}": series.shift(k) for k in range(1, p + 1)}
    cols.update({f"slag_{k}": series.shift(k * season) for k in range(1, P + 1)})
    frame = pd.DataFrame(cols)
    frame["target"] = series
    return frame.dropna()


sales = make_series()
scale = sales.abs().max()                 # nnetar-style: divide by the largest absolute value
frame = lagged_frame(sales / scale)
X = torch.tensor(frame.drop(columns="target").values, dtype=torch.float32)
y = torch.tensor(frame["target"].values, dtype=torch.float32).view(-1, 1)

net = nn.Sequential(nn.Linear(X.shape[1], 16), nn.Tanh(), nn.Linear(16, 1))
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
loss_fn = nn.MSELoss()

for epoch in range(1500):
    opt.zero_grad()
    loss = loss_fn(net(X), y)
    loss.backward()
    opt.step()
    if epoch % 300 == 0:
        print(f"epoch {epoch:4d} loss {loss.item():.6f}")

with torch.no_grad():
    pred_units = net(X) * scale
    y_units = y * scale
    r2 = 1 - torch.mean((pred_units - y_units) ** 2) / torch.var(y_units, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
