# Rebuilt from: https://stats.stackexchange.com/questions/501959/scaling-embedding-layers-outputs-in-tensorflow
# Report: A network takes categorical and quantitative inputs; the quantitative ones are scaled to [0, 1], the
#   categorical ones go through an embedding layer and are concatenated with them. The poster asked how to make
#   the embeddings and the quantitative features "have the same scale". Answer: several options, and "do
#   nothing" may be acceptable -- embeddings are learned and pose no conditioning problem.
# Not a bug (a look-alike that must stay silent): store_id / product_id are LabelEncoder codes used as indices
#   into nn.Embedding (they must NOT be scaled), the numeric columns are min-max scaled in build_tables(), and
#   the collate_fn reshapes the target to (B, 1) to match the (B, 1) output.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.preprocessing import LabelEncoder, MinMaxScaler

torch.manual_seed(0)
rng = np.random.default_rng(4)


def build_tables(n=2400):
    stores = rng.choice(np.arange(10400, 10460), n)           # raw ids, not contiguous
    products = rng.choice(np.arange(770000, 770120, 3), n)
    df = pd.DataFrame({"store": stores, "product": products,
                       "price": rng.uniform(1.5, 40.0, n), "promo_days": rng.integers(0, 15, n)})
    store_eff = dict(zip(np.unique(stores), rng.normal(0, 1, len(np.unique(stores)))))
    prod_eff = dict(zip(np.unique(products), rng.normal(0, 1, len(np.unique(products)))))
    df["units"] = (df.store.map(store_eff) + df["product"].map(prod_eff) - 0.05 * df.price
                   + 0.08 * df.promo_days + rng.normal(0, 0.3, n))
    df["store_id"] = LabelEncoder().fit_transform(df.store)
    df["product_id"] = LabelEncoder().fit_transform(df["product"])
    df[["price_s", "promo_s"]] = MinMaxScaler().fit_transform(df[["price", "promo_days"]])
    return df


class SalesDataset(Dataset):
    def __init__(self, df):
        self.store = df.store_id.to_numpy()
        self.product = df.product_id.to_numpy()
        self.quant = df[["price_s", "promo_s"]].to_numpy(dtype=np.float32)
        self.units = df.units.to_numpy(dtype=np.float32)

    def __len__(self):
        return len(self.units)

    def __getitem__(self, i):
        return int(self.store[i]), int(self.product[i]), self.quant[i], self.units[i]


def collate(batch):
    s, p, q, y = zip(*batch)
    return (torch.tensor(s), torch.tensor(p), torch.from_numpy(np.stack(q)),
            torch.tensor(y).view(-1, 1))


class SalesNet(nn.Module):
    def __init__(self, n_store, n_prod, emb=8):
        super().__init__()
        self.store_emb = nn.Embedding(n_store, emb)
        self.prod_emb = nn.Embedding(n_prod, emb)
        self.mlp = nn.Sequential(nn.Linear(2 * emb + 2, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, s, p, q):
        return self.mlp(torch.cat([self.store_emb(s), self.prod_emb(p), q], dim=1))


df = build_tables()
loader = DataLoader(SalesDataset(df), batch_size=64, shuffle=True, collate_fn=collate)
model = SalesNet(df.store_id.nunique(), df.product_id.nunique())
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.MSELoss()
for epoch in range(15):
    for s, p, q, y in loader:
        opt.zero_grad()
        loss = loss_fn(model(s, p, q), y)
        loss.backward()
        opt.step()

with torch.no_grad():
    s, p, q, y = collate([SalesDataset(df)[i] for i in range(len(df))])
    pred = model(s, p, q)
r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
