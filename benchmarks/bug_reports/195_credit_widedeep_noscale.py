# Rebuilt from: https://github.com/DataCanvasIO/DeepTables/issues/87
# Report: Asks whether the default WideDeep training pipeline normalizes the numeric (continuous) features
#         before training. Maintainer: it did not; now set auto_scale=True to normalize continuous columns,
#         and report back if numeric-stability problems show up.
# Bug (planted: TL002): MonthlyIncome (~5e3), RevolvingBalance (~1e4) and age go into the deep part raw;
#         with SGD the logits saturate and the classifier sits at the majority class.
# Our own code, written after the report (not copied from it); synthetic credit-scoring data generated in the script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(5)
rng = np.random.default_rng(5)

CONT = ["age", "MonthlyIncome", "RevolvingBalance", "DebtRatio", "NumberOfTimes90DaysLate"]
CAT = ["HomeOwnership"]


def load_data(n=600):
    df = pd.DataFrame({
        "age": rng.integers(21, 75, n).astype(float),
        "MonthlyIncome": rng.lognormal(8.5, 0.5, n).round(),
        "RevolvingBalance": rng.gamma(2.0, 5000, n).round(),
        "DebtRatio": rng.beta(2, 5, n),
        "NumberOfTimes90DaysLate": rng.poisson(0.4, n).astype(float),
        "HomeOwnership": rng.choice(["RENT", "OWN", "MORTGAGE"], n),
    })
    z = (-1.0 - 0.04 * (df.age - 45) - 0.0004 * (df.MonthlyIncome - 5500)
         + 0.00012 * (df.RevolvingBalance - 10000) + 3.0 * (df.DebtRatio - 0.3)
         + 1.2 * df.NumberOfTimes90DaysLate + (df.HomeOwnership == "RENT") * 0.8)
    df["SeriousDlqin2yrs"] = (rng.random(n) < 1 / (1 + np.exp(-2 * z))).astype(int)
    df["HomeOwnership"] = df["HomeOwnership"].astype("category").cat.codes
    return df


class WideDeep(nn.Module):
    def __init__(self, n_cont, n_cat_levels, emb_dim=3):
        super().__init__()
        self.emb = nn.Embedding(n_cat_levels, emb_dim)
        self.wide = nn.Linear(n_cont, 1)
        self.deep = nn.Sequential(nn.Linear(n_cont + emb_dim, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x_cont, x_cat):
        h = torch.cat([x_cont, self.emb(x_cat)], dim=1)
        return self.wide(x_cont) + self.deep(h)


class Trainer:
    def __init__(self, model, lr=0.01, epochs=80, batch_size=32):
        self.model, self.epochs, self.bs = model, epochs, batch_size
        self.opt = torch.optim.SGD(model.parameters(), lr=lr)
        self.loss_fn = nn.BCEWithLogitsLoss()

    def fit(self, X_cont, X_cat, y):
        for epoch in range(self.epochs):
            perm = torch.randperm(len(y))
            for i in range(0, len(y), self.bs):
                idx = perm[i:i + self.bs]
                self.opt.zero_grad()
                logits = self.model(X_cont[idx], X_cat[idx])
                loss = self.loss_fn(logits, y[idx])
                loss.backward()
                self.opt.step()
            if epoch % 20 == 0:
                print(f"epoch {epoch} last batch loss {loss.item():.4f}")
        return self

    def accuracy(self, X_cont, X_cat, y):
        with torch.no_grad():
            return ((self.model(X_cont, X_cat) > 0).float() == y).float().mean().item()


df = load_data()
train_df, test_df = train_test_split(df, test_size=0.2, random_state=0)
X_cont = torch.tensor(train_df[CONT].values, dtype=torch.float32)
X_cat = torch.tensor(train_df["HomeOwnership"].values, dtype=torch.long)
y = torch.tensor(train_df["SeriousDlqin2yrs"].values, dtype=torch.float32).view(-1, 1)
print("default rate:", y.mean().item())

trainer = Trainer(WideDeep(len(CONT), 3)).fit(X_cont, X_cat, y)
print(f"RESULT acc={trainer.accuracy(X_cont, X_cat, y):.3f}")
