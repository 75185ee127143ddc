# Rebuilt from: https://github.com/shenweichen/DeepCTR/issues/284
# Report: when using DeepCTR models, numeric DenseFeat columns are passed to the network as they are; the
#   library does not standardize them, so users must transform (x - avg) / stddev themselves to get decent
#   performance (the issue proposes avg/stddev arguments on DenseFeat).
# Fixed twin of 233_widedeep_dense_counts.py: the dense features are standardized, (x - avg) / stddev, as the issue proposes.
# Our own code, written after the report (not copied from it); synthetic short-video engagement data.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

SPARSE = {"user_id": 200, "category": 12}
DENSE = ["views", "likes", "author_followers", "duration_sec"]


def load_data(n=3000):
    rng = np.random.default_rng(3)
    df = pd.DataFrame({
        "user_id": rng.integers(0, SPARSE["user_id"], n),
        "category": rng.integers(0, SPARSE["category"], n),
        "views": np.floor(rng.lognormal(9, 1.5, n)),
        "author_followers": np.floor(rng.lognormal(10, 1.3, n)),
        "duration_sec": rng.integers(10, 900, n).astype(float),
    })
    df["likes"] = np.floor(df["views"] * rng.beta(2, 30, n))
    cat_eff = rng.normal(0, 0.5, SPARSE["category"])
    user_eff = rng.normal(0, 0.3, SPARSE["user_id"])
    # target: how much of the video the user watched (score 0..10)
    df["watch_score"] = (5 + cat_eff[df.category] + user_eff[df.user_id]
                         + 0.6 * (np.log1p(df.likes) - np.log1p(df.views) + 2.7)
                         - 1.5 * (df.duration_sec / 900) + 0.3 * np.log1p(df.author_followers) - 3.0
                         + rng.normal(0, 0.3, n))
    return df


class WideDeep(nn.Module):
    def __init__(self, emb_dim=8):
        super().__init__()
        self.embs = nn.ModuleDict({k: nn.Embedding(v, emb_dim) for k, v in SPARSE.items()})
        self.wide = nn.Linear(len(DENSE), 1)
        self.deep = nn.Sequential(nn.Linear(emb_dim * len(SPARSE) + len(DENSE), 64), nn.ReLU(),
                                  nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, sparse_x, dense_x):
        e = [self.embs[k](sparse_x[:, j]) for j, k in enumerate(SPARSE)]
        h = torch.cat(e + [dense_x], dim=1)
        return self.wide(dense_x) + self.deep(h)


class Trainer:
    def __init__(self, model, lr=1e-3, batch_size=128):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()
        self.batch_size = batch_size

    def fit(self, sparse_x, dense_x, y, epochs=20):
        n = len(y)
        for ep in range(epochs):
            perm = torch.randperm(n)
            for i in range(0, n, self.batch_size):
                idx = perm[i:i + self.batch_size]
                loss = self.loss_fn(self.model(sparse_x[idx], dense_x[idx]), y[idx])
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
            if ep % 5 == 0:
                print(f"epoch {ep} loss {self.evaluate(sparse_x, dense_x, y):.4f}")

    @torch.no_grad()
    def evaluate(self, sparse_x, dense_x, y):
        return self.loss_fn(self.model(sparse_x, dense_x), y).item()


df = load_data()
sparse_x = torch.tensor(df[list(SPARSE)].values, dtype=torch.long)
dense_x = torch.tensor(df[DENSE].values, dtype=torch.float32)
dense_x = (dense_x - dense_x.mean(0)) / dense_x.std(0)
y = torch.tensor(df[["watch_score"]].values, dtype=torch.float32)

trainer = Trainer(WideDeep())
trainer.fit(sparse_x, dense_x, y)
mse = trainer.evaluate(sparse_x, dense_x, y)
r2 = 1 - mse / y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
