# Rebuilt from: https://github.com/pyemma/Argo/pull/27
# Report: The two-tower recommendation model was evaluated incorrectly: "the model predictions is in
#   shape [B, 1] while the label is in [B,]", and with the MSE loss the right-aligned broadcasting
#   produces a [B, B] loss matrix instead of one error per user-item pair.
# Bug (planted: TL001): TwoTower.forward returns (u * v).sum(dim=1, keepdim=True) -> (B,1); the
#   watch_ratio labels from the DataLoader are (B,); nn.MSELoss broadcasts them to (B,B).
# Our own code, written after the report (not copied from it); data: interactions.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(5); torch.manual_seed(5)
torch.set_num_threads(1)

df = pd.read_csv("interactions.csv")
user_idx = {u: i for i, u in enumerate(sorted(df.user_id.unique()))}
item_idx = {m: i for i, m in enumerate(sorted(df.item_id.unique()))}
cat_idx = {c: i for i, c in enumerate(sorted(df.item_category.unique()))}


class InteractionDataset(Dataset):
    def __init__(self, frame):
        self.u = torch.tensor(frame.user_id.map(user_idx).values)
        self.i = torch.tensor(frame.item_id.map(item_idx).values)
        self.c = torch.tensor(frame.item_category.map(cat_idx).values)
        self.age = torch.tensor(((frame.user_age - 40) / 15).values, dtype=torch.float32)
        self.price = torch.tensor(((frame.item_price - 15) / 9).values, dtype=torch.float32)
        self.y = torch.tensor(frame.watch_ratio.values, dtype=torch.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, k):
        return self.u[k], self.age[k], self.i[k], self.c[k], self.price[k], self.y[k]


class TwoTower(nn.Module):
    def __init__(self, n_users, n_items, n_cats, dim=16):
        super().__init__()
        self.user_emb, self.item_emb = nn.Embedding(n_users, dim), nn.Embedding(n_items, dim)
        self.cat_emb = nn.Embedding(n_cats, 4)
        self.user_mlp = nn.Sequential(nn.Linear(dim + 1, 32), nn.ReLU(), nn.Linear(32, dim))
        self.item_mlp = nn.Sequential(nn.Linear(dim + 5, 32), nn.ReLU(), nn.Linear(32, dim))

    def forward(self, u, age, i, c, price):
        uv = self.user_mlp(torch.cat([self.user_emb(u), age[:, None]], 1))
        iv = self.item_mlp(torch.cat([self.item_emb(i), self.cat_emb(c), price[:, None]], 1))
        return (uv * iv).sum(dim=1, keepdim=True)


ds = InteractionDataset(df)
loader = DataLoader(ds, batch_size=64, shuffle=True)
model = TwoTower(len(user_idx), len(item_idx), len(cat_idx))
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3, weight_decay=1e-5)

for epoch in range(150):
    total = 0.0
    for u, age, i, c, price, y in loader:
        pred = model(u, age, i, c, price)
        loss = criterion(pred, y)
        optimizer.zero_grad(); loss.backward(); optimizer.step()
        total += loss.item() * len(y)
    if epoch % 50 == 0:
        print(f"epoch {epoch} train mse {total / len(ds):.4f}")

model.eval()
with torch.no_grad():
    pred = model(ds.u, ds.age, ds.i, ds.c, ds.price).reshape(-1)
r2 = 1 - ((pred - ds.y) ** 2).mean() / ds.y.var()
print(f"RESULT r2={r2.item():.3f}")
