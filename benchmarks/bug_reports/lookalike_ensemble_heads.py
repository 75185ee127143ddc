# Rebuilt from: https://github.com/pytorch/pytorch/pull/18349
# Report: A PR proposed turning the size-mismatch case of F.mse_loss into a warning/error because (N, 1) vs (N,)
#   silently broadcasts; a reviewer objected that broadcasting in losses is often wanted, "e.g., multiple
#   prediction of the same target", and that only an expanded input is suspicious.
# Not a bug (a look-alike that must stay silent): the ensemble emits one prediction per member, (B, K), and the
#   target is (B, 1); broadcasting repeats each sample's own target across the K members, so every member is
#   trained on its own row -- exactly the intended "several predictions of one target" loss.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
np.random.seed(0)

n = 500
df = pd.DataFrame({
    "temp_c": np.random.uniform(-5, 35, n),
    "humidity": np.random.uniform(20, 95, n),
    "wind_ms": np.random.gamma(2.0, 2.0, n),
    "hour": np.random.randint(0, 24, n),
})
df["load_mw"] = (300 + 4.0 * np.abs(df.temp_c - 18) + 0.6 * df.humidity - 3.0 * df.wind_ms
                 + 40 * np.sin(2 * np.pi * df.hour / 24) + np.random.normal(0, 8, n))

X = df[["temp_c", "humidity", "wind_ms", "hour"]].values.astype(np.float32)
y = df[["load_mw"]].values.astype(np.float32)                # (n, 1)
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0)
mu, sd = X_tr.mean(0), X_tr.std(0)
y_mu, y_sd = y_tr.mean(), y_tr.std()
Xt = torch.tensor((X_tr - mu) / sd)
yt = torch.tensor((y_tr - y_mu) / y_sd)


class MultiHeadEnsemble(nn.Module):
    def __init__(self, n_in, n_members=5):
        super().__init__()
        self.members = nn.ModuleList(
            nn.Sequential(nn.Linear(n_in, 32), nn.ReLU(), nn.Linear(32, 1)) for _ in range(n_members))

    def forward(self, x):
        return torch.cat([m(x) for m in self.members], dim=1)    # (B, K)


model = MultiHeadEnsemble(4)
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
for epoch in range(50):
    perm = torch.randperm(len(Xt))
    for i in range(0, len(Xt), 100):
        idx = perm[i:i + 100]
        opt.zero_grad()
        preds = model(Xt[idx])                       # (B, K)
        loss = F.mse_loss(preds, yt[idx])            # target (B, 1) repeated over the K members
        loss.backward()
        opt.step()

with torch.no_grad():
    all_preds = model(Xt)                            # (N, K)
    ens_mean = all_preds.mean(dim=1, keepdim=True)  # (N, 1)
r2 = 1 - ((ens_mean - yt) ** 2).mean() / yt.var(unbiased=False)
print("member spread:", round(float(all_preds.std(dim=1).mean()), 4))
print(f"RESULT r2={r2.item():.3f}")
