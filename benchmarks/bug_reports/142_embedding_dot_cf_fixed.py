# Rebuilt from: https://github.com/fastai/fastai/pull/560
# Report: "Collaborative Filtering from Scratch" (lesson 5, EmbeddingDot) fails at fit() with
#   "input and target shapes do not match: input [64], target [64 x 1]" -- the dot-product model
#   returns one rating per row as a 1-D tensor while the rating column is loaded as a 2-D target.
# Fixed twin of 142_embedding_dot_cf.py: EmbeddingDot.forward returns the dot product as (B, 1)
#   (.view(-1, 1)), matching the (B, 1) rating target, as the PR fixed the EmbeddingDot class.
# Our own code, written after the report (not copied from it); data: ratings_small.csv (make_ratings.py)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

np.random.seed(42); torch.manual_seed(42)

ratings = pd.read_csv("ratings_small.csv")
u_uniq = ratings.userId.unique()
user2idx = {o: i for i, o in enumerate(u_uniq)}
ratings["userId"] = ratings.userId.apply(lambda x: user2idx[x])
m_uniq = ratings.movieId.unique()
movie2idx = {o: i for i, o in enumerate(m_uniq)}
ratings["movieId"] = ratings.movieId.apply(lambda x: movie2idx[x])
n_users, n_movies = len(u_uniq), len(m_uniq)
n_factors = 50

x = torch.tensor(ratings[["userId", "movieId"]].values, dtype=torch.long)
y = torch.tensor(ratings[["rating"]].values, dtype=torch.float32)
loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True)


class EmbeddingDot(nn.Module):
    def __init__(self, n_users, n_movies):
        super().__init__()
        self.u = nn.Embedding(n_users, n_factors)
        self.m = nn.Embedding(n_movies, n_factors)
        self.u.weight.data.uniform_(0, 0.05)
        self.m.weight.data.uniform_(0, 0.05)

    def forward(self, cats):
        users, movies = cats[:, 0], cats[:, 1]
        u, m = self.u(users), self.m(movies)
        return (u * m).sum(1).view(-1, 1)


def train(model, loader, epochs, lr=1e-1):
    opt = torch.optim.SGD(model.parameters(), lr, weight_decay=1e-5, momentum=0.9)
    crit = nn.MSELoss()
    for epoch in range(epochs):
        running = 0.0
        for xb, yb in loader:
            preds = model(xb)
            loss = crit(preds, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            running += loss.item() * len(xb)
        print(f"epoch {epoch}: train loss {running / len(loader.dataset):.4f}")


model = EmbeddingDot(n_users, n_movies)
train(model, loader, epochs=40)

model.eval()
with torch.no_grad():
    p = model(x).view(-1)
t = y[:, 0]
r2 = 1 - ((p - t) ** 2).mean() / t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
