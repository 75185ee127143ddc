# Rebuilt from: https://github.com/keras-team/keras-io/pull/49
# Report: Review of the MovieLens collaborative-filtering example: user and movie ids go straight
#   into embeddings, ratings (0.5..5) stay unscaled, and the output is a sigmoid rescaled to
#   [min_rating, max_rating]; the reviewer asked about that line and suggested scaling the targets
#   instead, as a matter of style and typical loss range.
# Not a bug (a look-alike that must stay silent): the large integer "features" are embedding indices,
#   not magnitudes fed to a weight matrix, and the bounded output already matches the rating range.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

n_users, n_movies, n = 610, 3000, 5000
pu, qm = np.random.normal(size=(n_users, 3)), np.random.normal(size=(n_movies, 3))
df = pd.DataFrame({"user": np.random.randint(0, n_users, n), "movie": np.random.randint(0, n_movies, n)})
df["rating"] = np.clip(np.round((3.3 + 0.7 * (pu[df.user] * qm[df.movie]).sum(1)) * 2) / 2, 0.5, 5.0)
min_rating, max_rating = df.rating.min(), df.rating.max()
x_train, x_val, y_train, y_val = train_test_split(df[["user", "movie"]].values, df.rating.values,
                                                  test_size=0.1, random_state=0)


class RecommenderNet(nn.Module):
    def __init__(self, n_users, n_movies, embedding_size=16):
        super().__init__()
        self.user_embedding = nn.Embedding(n_users, embedding_size)
        self.user_bias = nn.Embedding(n_users, 1)
        self.movie_embedding = nn.Embedding(n_movies, embedding_size)
        self.movie_bias = nn.Embedding(n_movies, 1)

    def forward(self, inputs):
        u = self.user_embedding(inputs[:, 0])
        m = self.movie_embedding(inputs[:, 1])
        x = (u * m).sum(1, keepdim=True) + self.user_bias(inputs[:, 0]) + self.movie_bias(inputs[:, 1])
        return torch.sigmoid(x) * (max_rating - min_rating) + min_rating


model = RecommenderNet(n_users, n_movies)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
X = torch.tensor(x_train)
Y = torch.tensor(y_train, dtype=torch.float32).reshape(-1, 1)
for epoch in range(15):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 64):
        idx = perm[i:i + 64]
        loss = loss_fn(model(X[idx]), Y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.3f}")

with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - Y) ** 2).mean() / Y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
