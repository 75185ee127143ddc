# Rebuilt from: https://github.com/unit8co/darts/issues/926
# Report: In the TFT example the covariate scaler is fitted on the training cut of the covariates but then applied
#   to the whole covariate series (scaler_covs.transform(covariates)); the user thought it should transform only cov_train.
# Not a bug (a look-alike that must stay silent): the scaler is fitted on the training part only and the full series is
#   transformed with it; the validation part may leave [0, 1] slightly, which is intended; every input is scaled.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(1)
IN_LEN, OUT_LEN = 14, 7

idx = pd.date_range("2021-01-01", periods=500, freq="D")
temp_c = 12 + 10 * np.sin(2 * np.pi * (idx.day_of_year - 110) / 365) + rng.normal(0, 2, len(idx))
holiday = (rng.random(len(idx)) < 0.04).astype(float)
load_mwh = 4200 + 90 * np.abs(temp_c - 17) - 600 * (idx.day_of_week >= 5) - 500 * holiday + rng.normal(0, 60, len(idx))
df = pd.DataFrame({"load_mwh": load_mwh, "temp_c": temp_c, "holiday": holiday,
                   "month": idx.month, "weekday": idx.day_of_week}, index=idx)

training_cutoff = pd.Timestamp("2022-03-31")
covariates = df[["temp_c", "holiday", "month", "weekday"]]
cov_train = covariates[:training_cutoff]
scaler_covs = MinMaxScaler().fit(cov_train.values)
covariates_transformed = scaler_covs.transform(covariates.values)          # whole series, scaler fitted on train only
scaler_y = MinMaxScaler().fit(df.loc[:training_cutoff, ["load_mwh"]].values)
y_all = scaler_y.transform(df[["load_mwh"]].values)[:, 0]

def make_windows(y, c, stop):
    P, F, T = [], [], []
    for t in range(IN_LEN, stop - OUT_LEN + 1):
        P.append(np.concatenate([y[t - IN_LEN:t, None], c[t - IN_LEN:t]], axis=1))
        F.append(c[t:t + OUT_LEN])
        T.append(y[t:t + OUT_LEN])
    return [torch.tensor(np.array(a), dtype=torch.float32) for a in (P, F, T)]

n_train = len(cov_train)
past, fut, target = make_windows(y_all, covariates_transformed, n_train)

class TinyTFT(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.enc = nn.LSTM(5, hidden, batch_first=True)
        self.dec = nn.LSTM(4, hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, past, fut):
        _, state = self.enc(past)
        h, _ = self.dec(fut, state)
        return self.out(h).squeeze(-1)          # (B, OUT_LEN)

model = TinyTFT()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
crit = nn.MSELoss()
for epoch in range(25):
    perm = torch.randperm(len(past))
    for i in range(0, len(past), 64):
        b = perm[i:i + 64]
        loss = crit(model(past[b], fut[b]), target[b])
        opt.zero_grad(); loss.backward(); opt.step()

print("validation covariates max after transform:", covariates_transformed[n_train:].max(0).round(2))
with torch.no_grad():
    pred = model(past, fut)
r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
