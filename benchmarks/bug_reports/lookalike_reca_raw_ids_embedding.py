# Rebuilt from: https://example-a.com/answer/60683663
# Report: (StackOverflow copy, "why before embedding, have to make the item be sequential starting at zero") following a Keras collaborative-filtering tutorial, userId/movieId are non-sequential integers
#   (in the hundreds of thousands) and the author re-encodes them with LabelEncoder before the Embedding
#   layers; the asker wonders why. Answer: Embedding is a lookup table indexed 0..n-1.
# Not a bug (a look-alike that must stay silent): the large raw id columns are never used as numeric
#   features; after LabelEncoder they only index nn.Embedding tables, so no scaling is needed.
# Our own code, written after the report (not copied from it); synthetic ratings with MovieLens-style ids.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.preprocessing import LabelEncoder

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

n_users, n_movies, n = 300, 250, 5000
raw_user_ids = np.sort(np.random.choice(np.arange(1, 600000), n_users, replace=False))
raw_movie_ids = np.sort(np.random.choice(np.arange(1, 190000), n_movies, replace=False))
uf, mf = np.random.randn(n_users, 3), np.random.randn(n_movies, 3)
mb = np.random.randn(n_movies) * 0.6
u, m = np.random.randint(0, n_users, n), np.random.randint(0, n_movies, n)
ratings = pd.DataFrame({
    "userId": raw_user_ids[u], "movieId": raw_movie_ids[m],
    "rating": np.clip(3.5 + mb[m] + 0.4 * (uf[u] * mf[m]).sum(1) + 0.2 * np.random.randn(n), 0.5, 5),
})

user_enc = LabelEncoder()
ratings["user"] = user_enc.fit_transform(ratings["userId"].values)
movie_enc = LabelEncoder()
ratings["movie"] = movie_enc.fit_transform(ratings["movieId"].values)
n_u, n_m = ratings["user"].nunique(), ratings["movie"].nunique()
print(ratings.head())


class EmbeddingDotBias(nn.Module):
    def __init__(self, n_u, n_m, k=16):
        super().__init__()
        self.u, self.m = nn.Embedding(n_u, k), nn.Embedding(n_m, k)
        self.ub, self.mb = nn.Embedding(n_u, 1), nn.Embedding(n_m, 1)
        for e in (self.u, self.m):
            e.weight.data.uniform_(-0.05, 0.05)

    def forward(self, users, movies):
        dot = (self.u(users) * self.m(movies)).sum(1)
        return dot + self.ub(users).squeeze(1) + self.mb(movies).squeeze(1) + 3.5


users = torch.LongTensor(ratings["user"].values)
movies = torch.LongTensor(ratings["movie"].values)
y = torch.FloatTensor(ratings["rating"].values)
model = EmbeddingDotBias(n_u, n_m)
opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-5)
for epoch in range(150):
    loss = F.mse_loss(model(users, movies), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 50 == 0:
        print(epoch, loss.item())

with torch.no_grad():
    r2 = 1 - F.mse_loss(model(users, movies), y) / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
