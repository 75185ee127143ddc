# Rebuilt from: https://forums.fast.ai/t/lesson-5-dotproduct/9772/5
# Report: A student found the lesson-5 EmbeddingDot model puzzling: (u*m).sum(1) is a row-by-row dot
#   product giving a 1-D vector, not the user x movie matrix product from the Excel demo, and asked
#   whether it should be rewritten with torch.mm.
# Not a bug (a look-alike that must stay silent): each row pairs one user with the movie they rated, so
#   (u*m).sum(1) has shape [B] and the ratings batch is [B]; the loss compares matching pairs.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

n_users, n_movies, n_factors = 150, 120, 8
pu, qm = np.random.normal(size=(n_users, 3)), np.random.normal(size=(n_movies, 3))
uid = np.random.randint(0, n_users, 4000)
mid = np.random.randint(0, n_movies, 4000)
ratings = pd.DataFrame({"userId": uid, "movieId": mid,
                        "rating": np.clip(3.5 + 0.5 * (pu[uid] * qm[mid]).sum(1)
                                          + np.random.normal(0, 0.25, 4000), 0.5, 5.0)})


class EmbeddingDot(nn.Module):
    def __init__(self, n_users, n_movies):
        super().__init__()
        self.u = nn.Embedding(n_users, n_factors)
        self.m = nn.Embedding(n_movies, n_factors)
        self.ub = nn.Embedding(n_users, 1)
        self.mb = nn.Embedding(n_movies, 1)
        for e in (self.u, self.m):
            e.weight.data.uniform_(0, 0.05)
        self.ub.weight.data.zero_()
        self.mb.weight.data.zero_()

    def forward(self, users, movies):
        u, m = self.u(users), self.m(movies)
        return (u * m).sum(1) + self.ub(users).squeeze(1) + self.mb(movies).squeeze(1) + 3.5


model = EmbeddingDot(n_users, n_movies)
opt = torch.optim.Adam(model.parameters(), lr=1e-2, weight_decay=1e-5)
bs = 64
for epoch in range(12):
    df = ratings.sample(frac=1.0, random_state=epoch)
    for start in range(0, len(df), bs):
        chunk = df.iloc[start:start + bs]
        users = torch.tensor(chunk.userId.values)
        movies = torch.tensor(chunk.movieId.values)
        y = torch.tensor(chunk.rating.values, dtype=torch.float32)
        loss = F.mse_loss(model(users, movies), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 4 == 0:
        print(f"epoch {epoch} batch loss {loss.item():.3f}")

with torch.no_grad():
    pred = model(torch.tensor(ratings.userId.values), torch.tensor(ratings.movieId.values))
    y = torch.tensor(ratings.rating.values, dtype=torch.float32)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
