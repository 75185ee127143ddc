# Rebuilt from: https://github.com/fastai/fastai/issues/599
# Report: fast.ai dl1 lesson5-movielens, "collaborative filtering from scratch": fitting the EmbeddingDot
#   model fails with "input and target shapes do not match: input [64], target [64 x 1]" (torch 0.4).
#   EmbeddingDot.forward returns (u*m).sum(1) of shape [64] while the ColumnarModelData target is [64, 1].
#   With current torch the same code no longer raises: F.mse_loss only warns and broadcasts.
# Bug (planted: TL001): EmbeddingDot.forward returns a [B] vector, the dataset yields ratings as [B, 1];
#   F.mse_loss([B], [B, 1]) broadcasts to [B, B], so every prediction is fit to every rating of the batch.
# Our own code, written after the report (not copied from it); data: ratings.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(42)
np.random.seed(42)

ratings = pd.read_csv("ratings.csv")
u_uniq = ratings.userId.unique()
user2idx = {o: i for i, o in enumerate(u_uniq)}
ratings.userId = ratings.userId.apply(lambda x: user2idx[x])
m_uniq = ratings.movieId.unique()
movie2idx = {o: i for i, o in enumerate(m_uniq)}
ratings.movieId = ratings.movieId.apply(lambda x: movie2idx[x])
n_users = int(ratings.userId.nunique())
n_movies = int(ratings.movieId.nunique())
n_factors = 50


class ColumnarDataset(Dataset):
    """like fastai 0.7: categorical columns as int64, y kept as a column vector"""
    def __init__(self, df, cat_flds, y):
        self.cats = np.stack([df[c].values for c in cat_flds], 1).astype(np.int64)
        self.conts = np.zeros((len(df), 1), dtype=np.float32)
        self.y = y[:, None]

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return self.cats[idx], self.conts[idx], self.y[idx]


class EmbeddingDot(nn.Module):
    def __init__(self, n_users, n_movies):
        super().__init__()
        self.u = nn.Embedding(n_users, n_factors)
        self.m = nn.Embedding(n_movies, n_factors)
        self.u.weight.data.uniform_(0, 0.05)
        self.m.weight.data.uniform_(0, 0.05)

    def forward(self, cats, conts):
        users, movies = cats[:, 0], cats[:, 1]
        u, m = self.u(users), self.m(movies)
        return (u * m).sum(1)


def fit(model, dl, epochs, opt, crit):
    for epoch in range(epochs):
        tot = 0.0
        for cats, conts, y in dl:
            loss = crit(model(cats, conts), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * len(y)
        if epoch % 10 == 0:
            print(f"epoch {epoch} trn_loss {tot / len(dl.dataset):.4f}")


x = ratings.drop(["rating", "timestamp"], axis=1)
y = ratings["rating"].values.astype(np.float32)
ds = ColumnarDataset(x, ["userId", "movieId"], y)
dl = DataLoader(ds, batch_size=64, shuffle=True)

wd = 1e-5
model = EmbeddingDot(n_users, n_movies)
opt = torch.optim.SGD(model.parameters(), 1e-1, weight_decay=wd, momentum=0.9)
fit(model, dl, 60, opt, F.mse_loss)

with torch.no_grad():
    cats = torch.from_numpy(ds.cats)
    preds = model(cats, torch.from_numpy(ds.conts)).reshape(-1).numpy()
r2 = 1 - np.mean((preds - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
