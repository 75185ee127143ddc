# Rebuilt from: https://github.com/amaiya/ktrain/issues/447
# Report: User wants regression on text scores; maintainer points to a Yelp model that predicts review scores
#   1..5 rescaled to -2..+2 and says regression uses a single target column (one scalar per review).
# Not a bug (a look-alike that must stay silent): the target is taken as df[["score"]] (double brackets), so each
#   item is a (1,) tensor and batches are (B, 1), exactly the shape of the Linear(., 1) output; MSELoss sees equal shapes.
# Our own code, written after the report (not copied from it); synthetic reviews, hand-averaged random word vectors.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

rng = np.random.default_rng(7)
torch.manual_seed(7)

sentiment_words = {"awful": -2, "bad": -1, "meh": 0, "good": 1, "great": 2, "rude": -2, "tasty": 1, "cold": -1}
other = "food service place table order waiter menu price the and was we our it".split()
vocab = list(sentiment_words) + other
emb = {w: rng.normal(0, 1, 24).astype(np.float32) for w in vocab}

rows = []
for _ in range(900):
    s_words = list(rng.choice(list(sentiment_words), rng.integers(1, 4)))
    words = s_words + list(rng.choice(other, rng.integers(5, 20)))
    stars = int(np.clip(np.round(3 + np.mean([sentiment_words[w] for w in s_words]) + rng.normal(0, 0.3)), 1, 5))
    rows.append({"text": " ".join(words), "score": stars - 3.0})   # -2..+2 like the Yelp example
df = pd.DataFrame(rows)


class ReviewDataset(Dataset):
    def __init__(self, frame):
        self.vecs = np.stack([np.mean([emb[w] for w in t.split()], axis=0) for t in frame["text"]])
        self.targets = frame[["score"]].values.astype(np.float32)    # (N, 1)

    def __len__(self):
        return len(self.vecs)

    def __getitem__(self, i):
        return torch.from_numpy(self.vecs[i]), torch.from_numpy(self.targets[i])   # (24,), (1,)


class Trainer:
    def __init__(self, model, lr=3e-3):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()

    def fit(self, loader, epochs):
        for ep in range(epochs):
            for xb, yb in loader:
                loss = self.loss_fn(self.model(xb), yb)    # (B, 1) vs (B, 1)
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
            if ep % 10 == 0:
                print(f"epoch {ep} loss {loss.item():.4f}")


ds = ReviewDataset(df)
model = nn.Sequential(nn.Linear(24, 64), nn.ReLU(), nn.Linear(64, 1))
Trainer(model).fit(DataLoader(ds, batch_size=32, shuffle=True), epochs=30)

with torch.no_grad():
    X = torch.from_numpy(ds.vecs)
    y = torch.from_numpy(ds.targets).view(-1)
    p = model(X).view(-1)
r2 = 1 - ((p - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
