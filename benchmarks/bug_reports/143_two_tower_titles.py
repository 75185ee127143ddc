# Rebuilt from: https://github.com/pyemma/Argo/pull/27
# Report: in the two-tower recommendation model the loss was not computed correctly: "the model
#   predictions is in shape [B, 1] while the label is in [B,], this would cause issue when use MSE
#   loss because of broadcasting is right aligned, and the result loss matrix would be in [B, B]".
# Bug (planted: TL001): TwoTower.forward keeps the dot-product score as (B, 1) (keepdim=True) and
#   Trainer.compute_loss feeds it with the (B,) engagement labels to nn.MSELoss -> (B, B) broadcast.
# Our own code, written after the report (not copied from it)
import random
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

random.seed(3); np.random.seed(3); torch.manual_seed(3)
GENRES = {"space": ["galaxy", "alien", "orbit", "rocket"], "crime": ["detective", "murder", "heist", "alibi"],
          "romance": ["love", "wedding", "kiss", "heart"], "cooking": ["recipe", "bake", "chef", "spice"]}
FILLER = ["the", "of", "night", "last", "return", "secret", "city", "a", "story", "big"]

def load_data(n_users=40, n_items=60, n_events=900):
    gnames = list(GENRES); taste = np.random.dirichlet(np.ones(len(gnames)) * 0.5, size=n_users)
    titles, item_mix = [], []
    for _ in range(n_items):
        g = np.random.choice(len(gnames), size=2, replace=False)
        words = random.sample(GENRES[gnames[g[0]]], 2) + random.sample(GENRES[gnames[g[1]]], 1)
        words += random.sample(FILLER, 2)
        random.shuffle(words)
        mix = np.zeros(len(gnames)); mix[g[0]] += 2 / 3; mix[g[1]] += 1 / 3
        titles.append(words); item_mix.append(mix)
    ui = [(random.randrange(n_users), random.randrange(n_items)) for _ in range(n_events)]
    events = [(u, i, float(np.clip(1.6 * taste[u] @ item_mix[i] + np.random.normal(0, 0.04), 0, 1)))
              for u, i in ui]
    return titles, events, n_users

titles, events, n_users = load_data()
vocab = {"<pad>": 0}
for w in (w for t in titles for w in t):
    vocab.setdefault(w, len(vocab))
title_ids = [[vocab[w] for w in t] for t in titles]
samples = [(u, title_ids[i], watch) for u, i, watch in events]   # a plain list works as a Dataset

def collate_fn(batch):
    users = torch.tensor([b[0] for b in batch])
    L = max(len(b[1]) for b in batch)
    toks = torch.tensor([b[1] + [0] * (L - len(b[1])) for b in batch])
    labels = torch.tensor([b[2] for b in batch], dtype=torch.float32)
    return users, toks, labels

class TwoTower(nn.Module):
    def __init__(self, n_users, n_vocab, d=16):
        super().__init__()
        self.user_tower = nn.Sequential(nn.Embedding(n_users, d), nn.Linear(d, d))
        self.word_emb = nn.Embedding(n_vocab, d, padding_idx=0)
        self.item_mlp = nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, d))

    def forward(self, users, toks):
        mask = (toks != 0).unsqueeze(-1).float()
        pooled = (self.word_emb(toks) * mask).sum(1) / mask.sum(1)
        u, v = self.user_tower(users), self.item_mlp(pooled)
        return (u * v).sum(dim=-1, keepdim=True)

class Trainer:
    def __init__(self, model, lr=5e-3):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()

    def compute_loss(self, users, toks, labels):
        preds = self.model(users, toks)
        return self.loss_fn(preds, labels)

    def fit(self, loader, epochs):
        for ep in range(epochs):
            tot, n = 0.0, 0
            for users, toks, labels in loader:
                loss = self.compute_loss(users, toks, labels)
                self.opt.zero_grad(); loss.backward(); self.opt.step()
                tot += loss.item() * len(labels); n += len(labels)
            if ep % 10 == 0:
                print(f"epoch {ep} mse {tot / n:.4f}")

model = TwoTower(n_users, len(vocab))
trainer = Trainer(model)
trainer.fit(DataLoader(samples, batch_size=64, shuffle=True, collate_fn=collate_fn), epochs=40)

users, toks, labels = collate_fn(samples)
model.eval()
with torch.no_grad():
    p = model(users, toks).view(-1)
r2 = 1 - ((p - labels) ** 2).mean() / labels.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
