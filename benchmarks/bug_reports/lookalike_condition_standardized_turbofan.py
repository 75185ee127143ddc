# Rebuilt from: https://towardsdatascience.com/lstm-for-predictive-maintenance-of-turbofan-engines-f8c7791353f3/
# Report: FD004-style turbofan data with six operating conditions; the raw sensors jump between regimes,
#   so the author standardizes every sensor per operating condition (groupby on the settings) before
#   modelling RUL (capped at 125).
# Not a bug (a look-alike that must stay silent): the scaling looks unusual (groupby transform instead of
#   one global scaler), but every model input ends up zero-mean / unit-variance, so training is fine.
# Our own code, written after the report (not copied from it); multi-regime turbofan-like data generated below.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(5)
rng = np.random.default_rng(5)

REGIMES = {0: (1590, 554, 9050), 1: (1430, 394, 8990), 2: (1500, 462, 9010),
           3: (1340, 174, 8720), 4: (1260, 137, 8640), 5: (1470, 312, 8880)}


def load_fd004_like(n_units=25):
    rows = []
    for unit in range(n_units):
        life = int(rng.integers(150, 300))
        for cyc in range(1, life + 1):
            cond = int(rng.integers(0, 6))
            t30, p30, nc = REGIMES[cond]
            h = (cyc / life) ** 1.7
            rows.append({"unit": unit, "cycle": cyc, "op_condition": cond,
                         "T30": t30 + 14 * h + rng.normal(0, 5),
                         "P30": p30 - 4 * h + rng.normal(0, 0.8),
                         "Nc": nc + 45 * h + rng.normal(0, 15),
                         "BPR": 8.4 + 0.12 * h + rng.normal(0, 0.03),
                         "RUL": min(life - cyc, 125)})
    return pd.DataFrame(rows)


df = load_fd004_like()
sensors = ["T30", "P30", "Nc", "BPR"]
df[sensors] = df.groupby("op_condition")[sensors].transform(lambda s: (s - s.mean()) / s.std())

X = torch.tensor(df[sensors].values, dtype=torch.float32)
y = torch.tensor(df["RUL"].values, dtype=torch.float32).unsqueeze(1)

model = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.MSELoss()
for epoch in range(30):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 256):
        b = perm[i:i + 256]
        opt.zero_grad()
        loss = loss_fn(model(X[b]), y[b])
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch}: mse {loss.item():.1f}")

with torch.no_grad():
    pred = model(X)
r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
