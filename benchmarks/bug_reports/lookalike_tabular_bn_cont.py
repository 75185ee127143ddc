# Rebuilt from: https://github.com/fastai/fastai2/pull/129
# Report: fastai's TabularModel always sends the continuous inputs x_cont through nn.BatchNorm1d(n_cont)
#         before the linear layers; the PR adds bn_cont=False to bypass it for models where the raw input
#         scale matters (regression / auto-regression).
# Not a bug (a look-alike that must stay silent): CompetitionDistance (~1e3-1e4 m) and Customers (~1e2-1e3)
#         enter the model raw, but the first op in forward() is BatchNorm1d over them, so the layers see
#         standardized values.
# Our own code, written after the report (not copied from it); synthetic Rossmann-like store data generated in the script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(8)
rng = np.random.default_rng(8)

n = 600
df = pd.DataFrame({
    "Store": rng.integers(0, 20, n),
    "DayOfWeek": rng.integers(1, 8, n),
    "Promo": rng.integers(0, 2, n),
    "CompetitionDistance": rng.lognormal(7.5, 1.0, n).round(),
    "Customers": rng.normal(650, 180, n).clip(50, None).round(),
})
store_eff = rng.normal(0, 0.15, 20)
df["Sales"] = np.exp(6.0 + 0.0018 * df.Customers + 0.25 * df.Promo - 0.12 * (df.DayOfWeek == 7)
                     + 0.04 * np.log(df.CompetitionDistance) + store_eff[df.Store] + rng.normal(0, 0.05, n))

cat_names, cont_names = ["Store", "DayOfWeek"], ["Promo", "CompetitionDistance", "Customers"]
x_cat = torch.tensor(df[cat_names].values, dtype=torch.long)
x_cont = torch.tensor(df[cont_names].values, dtype=torch.float32)
y = torch.tensor(np.log(df[["Sales"]].values), dtype=torch.float32)


class TabularModel(nn.Module):
    def __init__(self, emb_szs, n_cont, out_sz, layers):
        super().__init__()
        self.embeds = nn.ModuleList([nn.Embedding(ni, nf) for ni, nf in emb_szs])
        self.bn_cont = nn.BatchNorm1d(n_cont)
        sizes = [sum(nf for _, nf in emb_szs) + n_cont] + layers
        mods = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            mods += [nn.Linear(a, b), nn.ReLU(), nn.BatchNorm1d(b)]
        self.layers = nn.Sequential(*mods, nn.Linear(sizes[-1], out_sz))

    def forward(self, x_cat, x_cont):
        x = torch.cat([e(x_cat[:, i]) for i, e in enumerate(self.embeds)], 1)
        x = torch.cat([x, self.bn_cont(x_cont)], 1)
        return self.layers(x)


model = TabularModel([(20, 6), (8, 4)], len(cont_names), 1, [64, 32])
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for epoch in range(40):
    perm = torch.randperm(n)
    for i in range(0, n, 64):
        idx = perm[i:i + 64]
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x_cat[idx], x_cont[idx]), y[idx])
        loss.backward()
        opt.step()

model.eval()
with torch.no_grad():
    pred = model(x_cat, x_cont)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
