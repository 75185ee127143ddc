# Rebuilt from: https://github.com/coreylynch/pyFM/issues/44
# Report: a factorization machine (regression, SGD) trained on one-hot user/item columns plus real-valued
#   columns prints "Training MSE: nan" from the first epoch on; commenters suggest normalizing the data
#   (and a smaller learning rate).
# Bug (planted: TL002): the numeric columns (user_age, movie_num_ratings ~ thousands, days_since_release
#   ~ thousands) go into the FM raw next to 0/1 one-hot columns; the squared interaction terms blow up SGD.
# Our own code, written after the report (not copied from it); data: ratings_features.csv from make_ratings_features.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.feature_extraction import DictVectorizer

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

df = pd.read_csv("ratings_features.csv")
numeric_cols = ["user_age", "movie_num_ratings", "days_since_release"]


def to_dicts(frame):
    rows = []
    for r in frame.itertuples():
        d = {"user_id": str(r.user_id), "movie_id": str(r.movie_id)}
        for c in numeric_cols:
            d[c] = float(getattr(r, c))
        rows.append(d)
    return rows


v = DictVectorizer(sparse=False)
X = torch.tensor(v.fit_transform(to_dicts(df)), dtype=torch.float32)
y = torch.tensor(df["rating"].values, dtype=torch.float32)


class FM(nn.Module):
    def __init__(self, n_features, k=8):
        super().__init__()
        self.linear = nn.Linear(n_features, 1)
        self.V = nn.Parameter(torch.randn(n_features, k) * 0.01)

    def forward(self, x):
        inter = 0.5 * ((x @ self.V) ** 2 - (x ** 2) @ (self.V ** 2)).sum(1)
        return self.linear(x).squeeze(1) + inter


fm = FM(X.shape[1])
opt = torch.optim.SGD(fm.parameters(), lr=0.01)
batch_size = 16

for epoch in range(30):
    perm = torch.randperm(len(y))
    for i in range(0, len(y), batch_size):
        idx = perm[i:i + batch_size]
        loss = nn.functional.mse_loss(fm(X[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        with torch.no_grad():
            print(f"-- Epoch {epoch + 1}  Training MSE: {nn.functional.mse_loss(fm(X), y).item():.5f}")

with torch.no_grad():
    pred = fm(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
