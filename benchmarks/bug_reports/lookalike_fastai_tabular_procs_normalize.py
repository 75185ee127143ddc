# Rebuilt from: https://forums.fast.ai/t/understanding-tabular-learner/40465
# Report: A student asked why their tabular_learner ended in 2 outputs for a single target; the answer
#   rebuilt the lesson-4 adult notebook as a regression on age (cont_names fnlwgt and education-num,
#   procs FillMissing/Categorify/Normalize) and showed one output unit and a sensible predicted age.
# Not a bug (a look-alike that must stay silent): fnlwgt is in the hundreds of thousands in the
#   DataFrame, but the Normalize step standardizes every continuous column (with train-set stats)
#   before it reaches the network, so the model never sees raw-scale inputs.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
rng = np.random.default_rng(0)


def load_data(n=600):
    edu = rng.integers(1, 17, n)
    df = pd.DataFrame({
        "workclass": rng.choice(["Private", "Self-emp", "Gov", "?"], n),
        "marital-status": rng.choice(["Married", "Never-married", "Divorced"], n),
        "fnlwgt": rng.normal(190000, 105000, n).clip(12000, 1_400_000),
        "education-num": edu.astype(float),
    })
    df.loc[rng.random(n) < 0.05, "education-num"] = np.nan
    base = 25 + 1.2 * edu + np.where(df["marital-status"] == "Never-married", -9, 6)
    df["age"] = (base + df["fnlwgt"] / 1e5 * 0.8 + rng.normal(0, 3, n)).astype("float32")
    return df


class TabularProcs:
    """FillMissing -> Categorify -> Normalize, fitted on the training frame."""

    def __init__(self, cat_names, cont_names):
        self.cat_names, self.cont_names = cat_names, cont_names

    def fit(self, df):
        self.medians = df[self.cont_names].median()
        self.vocab = {c: {v: i for i, v in enumerate(sorted(df[c].unique()))} for c in self.cat_names}
        filled = df[self.cont_names].fillna(self.medians)
        self.means, self.stds = filled.mean(), filled.std()
        return self

    def transform(self, df):
        cont = df[self.cont_names].fillna(self.medians)
        cont = (cont - self.means) / self.stds
        cats = np.stack([df[c].map(self.vocab[c]).values for c in self.cat_names], 1)
        return torch.tensor(cats, dtype=torch.long), torch.tensor(cont.values, dtype=torch.float32)


class TabularModel(nn.Module):
    def __init__(self, cardinalities, n_cont, layers=(200, 100)):
        super().__init__()
        self.embeds = nn.ModuleList([nn.Embedding(c, min(50, (c + 1) // 2)) for c in cardinalities])
        n_in = sum(e.embedding_dim for e in self.embeds) + n_cont
        self.mlp = nn.Sequential(nn.Linear(n_in, layers[0]), nn.ReLU(),
                                 nn.Linear(layers[0], layers[1]), nn.ReLU(), nn.Linear(layers[1], 1))

    def forward(self, x_cat, x_cont):
        emb = [e(x_cat[:, i]) for i, e in enumerate(self.embeds)]
        return self.mlp(torch.cat(emb + [x_cont], 1))


df = load_data()
procs = TabularProcs(["workclass", "marital-status"], ["fnlwgt", "education-num"]).fit(df)
x_cat, x_cont = procs.transform(df)
y = torch.tensor(df["age"].values).unsqueeze(1)
dl = DataLoader(TensorDataset(x_cat, x_cont, y), batch_size=64, shuffle=True)

model = TabularModel([len(procs.vocab[c]) for c in procs.cat_names], x_cont.shape[1])
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_func = nn.MSELoss()
for epoch in range(30):
    for xc, xn, yb in dl:
        loss = loss_func(model(xc, xn), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()

with torch.no_grad():
    pred = model(x_cat, x_cont)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print("pred age row 1:", round(pred[1].item(), 2), "true:", y[1].item())
print(f"RESULT r2={r2.item():.3f}")
