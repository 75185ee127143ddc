# Rebuilt from: https://github.com/unit8co/darts/issues/2229
# Report: A TiDE-style model on 12 locations' non-tidal residuals, with targets and 24 past covariates all min-max
#   scaled to 0:1 on the training split, produced validation forecasts outside [0, 1]; the user thought the scaling
#   was broken, though the validation loss fell by a factor of 100-1000.
# Not a bug (a look-alike that must stay silent): every input is scaled with scalers fitted on the train split;
#   a linear output head is free to leave [0, 1] on later data, which is expected.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(5)
N_LOC, T, IN_LEN, OUT_LEN, N_COV = 12, 260, 24, 6, 4

def load_data():
    t = np.arange(T)
    wind = rng.normal(0, 1, (T, N_LOC)).cumsum(0) * 0.2
    press = 1010 + rng.normal(0, 1, (T, 1)).cumsum(0) * 0.5 + rng.normal(0, 0.3, (T, N_LOC))
    tide = np.sin(2 * np.pi * t / 12.4)[:, None] * rng.uniform(0.5, 1.5, N_LOC)
    hour = np.tile((t % 24)[:, None], (1, N_LOC)).astype(float)
    resid = 0.3 * wind - 0.05 * (press - 1010) + 0.1 * tide + rng.normal(0, 0.03, (T, N_LOC))
    resid[200:] += 0.4                                           # later period sits above the training range
    covs = np.stack([wind, press, tide, hour], axis=-1)         # (T, N_LOC, N_COV)
    return resid.astype(np.float32), covs.astype(np.float32)

def minmax_fit(a, n_train):
    lo, hi = a[:n_train].min(0), a[:n_train].max(0)
    return lambda x: (x - lo) / (hi - lo)

resid, covs = load_data()
n_train = 200
scale_y, scale_c = minmax_fit(resid, n_train), minmax_fit(covs, n_train)
y_s, c_s = scale_y(resid), scale_c(covs)

def make_windows(start, stop):
    X, Y = [], []
    for t in range(start + IN_LEN, stop - OUT_LEN + 1):
        for loc in range(N_LOC):
            X.append(np.concatenate([y_s[t - IN_LEN:t, loc], c_s[t - IN_LEN:t, loc].ravel()]))
            Y.append(y_s[t:t + OUT_LEN, loc])
    return torch.tensor(np.array(X)), torch.tensor(np.array(Y))

X_tr, Y_tr = make_windows(0, n_train)
X_va, Y_va = make_windows(n_train - IN_LEN, T)

class DenseEncoderDecoder(nn.Module):
    def __init__(self, d_in=IN_LEN * (1 + N_COV), hidden=128):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(d_in, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.decoder = nn.Linear(hidden, OUT_LEN)
        self.skip = nn.Linear(IN_LEN, OUT_LEN)

    def forward(self, x):
        return self.decoder(self.encoder(x)) + self.skip(x[:, :IN_LEN])

model = DenseEncoderDecoder()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
mse = nn.MSELoss()
for epoch in range(30):
    perm = torch.randperm(len(X_tr))
    for i in range(0, len(X_tr), 128):
        b = perm[i:i + 128]
        loss = mse(model(X_tr[b]), Y_tr[b])
        opt.zero_grad(); loss.backward(); opt.step()

with torch.no_grad():
    print("max scaled forecast on validation:", round(model(X_va).max().item(), 3))
    pred = model(X_tr)
r2 = 1 - ((pred - Y_tr) ** 2).mean() / Y_tr.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
