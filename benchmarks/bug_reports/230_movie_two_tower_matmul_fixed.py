# Rebuilt from: https://github.com/chengstone/movie_recommender/issues/2
# Report: MovieLens recommender with a user tower (uid/gender/age/job) and a movie tower (mid/genres);
#   the predicted rating is built with matmul(user_features, transpose(movie_features)) and fed to an MSE
#   loss against the rating column. A reader asked why a matrix is compared with Y; the author agreed.
# Fixed twin of 230_movie_two_tower_matmul.py: the rating is the row-wise dot product (user_vec * movie_vec).sum(1, keepdim=True), shape (B, 1) like the target.
# Our own code, written after the report (not copied from it); synthetic MovieLens-like data.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

N_USERS, N_MOVIES, N_GENRES, N_JOBS = 300, 200, 18, 21
N_RATINGS = 4000


def load_data():
    gender = np.random.randint(0, 2, N_USERS)
    age = np.random.randint(0, 7, N_USERS)
    job = np.random.randint(0, N_JOBS, N_USERS)
    genre = np.random.randint(0, N_GENRES, N_MOVIES)
    u_f = np.random.randn(N_USERS, 4)
    m_f = np.random.randn(N_MOVIES, 4)
    m_bias = np.random.randn(N_MOVIES) * 0.8
    uid = np.random.randint(0, N_USERS, N_RATINGS)
    mid = np.random.randint(0, N_MOVIES, N_RATINGS)
    r = 3.5 + m_bias[mid] + 0.4 * (u_f[uid] * m_f[mid]).sum(1) + 0.2 * np.random.randn(N_RATINGS)
    r = np.clip(r, 1, 5)
    users = np.stack([uid, gender[uid], age[uid], job[uid]], 1)
    movies = np.stack([mid, genre[mid]], 1)
    return (torch.tensor(users), torch.tensor(movies),
            torch.tensor(r, dtype=torch.float32).view(-1, 1))


class UserTower(nn.Module):
    def __init__(self):
        super().__init__()
        self.uid = nn.Embedding(N_USERS, 32)
        self.gender = nn.Embedding(2, 8)
        self.age = nn.Embedding(7, 8)
        self.job = nn.Embedding(N_JOBS, 8)
        self.fc = nn.Sequential(nn.Linear(56, 64), nn.Tanh(), nn.Linear(64, 32))

    def forward(self, x):
        h = torch.cat([self.uid(x[:, 0]), self.gender(x[:, 1]), self.age(x[:, 2]), self.job(x[:, 3])], 1)
        return self.fc(h)


class MovieTower(nn.Module):
    def __init__(self):
        super().__init__()
        self.mid = nn.Embedding(N_MOVIES, 32)
        self.genre = nn.Embedding(N_GENRES, 8)
        self.fc = nn.Sequential(nn.Linear(40, 64), nn.Tanh(), nn.Linear(64, 32))

    def forward(self, x):
        return self.fc(torch.cat([self.mid(x[:, 0]), self.genre(x[:, 1])], 1))


users, movies, ratings = load_data()
user_net, movie_net = UserTower(), MovieTower()
params = list(user_net.parameters()) + list(movie_net.parameters())
optimizer = torch.optim.Adam(params, lr=3e-3)
criterion = nn.MSELoss()
batch_size = 256

for epoch in range(20):
    perm = torch.randperm(N_RATINGS)
    total = 0.0
    for i in range(0, N_RATINGS, batch_size):
        idx = perm[i:i + batch_size]
        user_vec = user_net(users[idx])
        movie_vec = movie_net(movies[idx])
        inference = (user_vec * movie_vec).sum(1, keepdim=True)
        loss = criterion(inference, ratings[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    if epoch % 5 == 0:
        print(f"epoch {epoch} train loss {total / N_RATINGS:.4f}")

with torch.no_grad():
    # rating for one (user, movie) pair = dot product of the two feature vectors
    pred = (user_net(users) * movie_net(movies)).sum(1, keepdim=True)
    mse = ((pred - ratings) ** 2).mean()
    r2 = 1 - mse / ratings.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
