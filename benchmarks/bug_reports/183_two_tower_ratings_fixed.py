# Rebuilt from: https://github.com/pyemma/Argo/pull/27
# Report: Two-tower recommendation model trained with a small trainer class; evaluation/loss numbers
#   were off. The PR notes the model predictions come out as [B, 1] while the label is [B], so MSE
#   broadcasts (right-aligned) to a [B, B] matrix instead of comparing matching pairs.
# Fixed twin of 183_two_tower_ratings.py: squeeze the score to [B] before the MSE loss
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

N_USERS, N_ITEMS, N_RATINGS, K = 300, 200, 4000, 4


def make_interactions():
    pu = np.random.normal(0, 1, (N_USERS, K))
    qi = np.random.normal(0, 1, (N_ITEMS, K))
    u = np.random.randint(0, N_USERS, N_RATINGS)
    i = np.random.randint(0, N_ITEMS, N_RATINGS)
    r = 3.0 + 0.6 * (pu[u] * qi[i]).sum(1) + np.random.normal(0, 0.3, N_RATINGS)
    return u, i, np.clip(r, 1.0, 5.0).astype(np.float32)


class RatingsDataset(Dataset):
    def __init__(self, users, items, ratings):
        self.users, self.items, self.ratings = users, items, ratings

    def __len__(self):
        return len(self.ratings)

    def __getitem__(self, idx):
        return {"user": torch.tensor(self.users[idx]), "item": torch.tensor(self.items[idx]),
                "rating": torch.tensor(self.ratings[idx])}


class Tower(nn.Module):
    def __init__(self, n, dim=16):
        super().__init__()
        self.emb = nn.Embedding(n, dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 32), nn.ReLU(), nn.Linear(32, dim))

    def forward(self, ids):
        return self.mlp(self.emb(ids))


class TwoTower(nn.Module):
    def __init__(self):
        super().__init__()
        self.user_tower, self.item_tower = Tower(N_USERS), Tower(N_ITEMS)
        self.bias = nn.Parameter(torch.tensor(3.0))

    def forward(self, user, item):
        u, v = self.user_tower(user), self.item_tower(item)
        return (u * v).sum(dim=-1, keepdim=True) + self.bias   # [B, 1]


class Trainer:
    def __init__(self, model, lr=5e-3):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()

    def fit(self, loader, epochs=12):
        for epoch in range(epochs):
            total = 0.0
            for batch in loader:
                pred = self.model(batch["user"], batch["item"])
                loss = self.loss_fn(pred.squeeze(-1), batch["rating"])
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
                total += loss.item()
            if epoch % 5 == 0:
                print(f"epoch {epoch} loss {total / len(loader):.4f}")


users, items, ratings = make_interactions()
ds = RatingsDataset(users, items, ratings)
model = TwoTower()
Trainer(model).fit(DataLoader(ds, batch_size=128, shuffle=True))

with torch.no_grad():
    pred = model(torch.tensor(users), torch.tensor(items)).reshape(-1)
    y = torch.tensor(ratings)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
