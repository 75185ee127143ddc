# Rebuilt from: https://github.com/huggingface/sentence-transformers/issues/549
# Report: confusion about CosineSimilarityLoss: "When training the model with MSE from the cosine
#   of u and v, this value can range between -1 and 1 ... how could you minimize the loss?" -- the
#   reporter suspected MSE on a cosine against 0..1 gold labels was wrong.
# Not a bug (a look-alike that must stay silent): F.cosine_similarity(u, v) returns one value per
#   pair, shape (B,), and the gold scores are (B,) as well, so MSELoss compares them element-wise;
#   the cosine range simply contains the 0..1 label range.
# Our own code, written after the report (not copied from it)
import random
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(4); np.random.seed(4); torch.manual_seed(4)
TOPICS = [["stock", "market", "shares", "trading"], ["football", "goal", "match", "striker"],
          ["vaccine", "doctor", "hospital", "patient"], ["election", "vote", "senate", "campaign"],
          ["recipe", "oven", "flour", "baking"]]
FILLER = ["the", "a", "new", "report", "says", "after", "week", "in", "big", "today"]


def sentence(t):
    ws = random.sample(TOPICS[t], random.randint(1, 3)) + random.sample(FILLER, 3)
    random.shuffle(ws)
    return ws


data = []
for _ in range(500):
    t1 = random.randrange(5)
    t2 = t1 if random.random() < 0.5 else random.randrange(5)
    a, b = sentence(t1), sentence(t2)
    ca, cb = set(a) - set(FILLER), set(b) - set(FILLER)
    label = 0.5 * (t1 == t2) + 0.5 * len(ca & cb) / len(ca | cb)   # normalized 0..1 like stsb
    data.append((a, b, label))

vocab = {}
for a, b, _ in data:
    for w in a + b:
        vocab.setdefault(w, len(vocab))


def to_bag(batch):
    ids, offsets = [], []
    for ws in batch:
        offsets.append(len(ids))
        ids.extend(vocab[w] for w in ws)
    return torch.tensor(ids), torch.tensor(offsets)


class MeanPoolEncoder(nn.Module):
    def __init__(self, n, d=32):
        super().__init__()
        self.bag = nn.EmbeddingBag(n, d, mode="mean")
        self.dense = nn.Linear(d, d)

    def forward(self, ids, offsets):
        return torch.tanh(self.dense(self.bag(ids, offsets)))


model = MeanPoolEncoder(len(vocab))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fct = nn.MSELoss()
for epoch in range(20):
    random.shuffle(data)
    for i in range(0, len(data), 16):
        batch = data[i:i + 16]
        u = model(*to_bag([x[0] for x in batch]))
        v = model(*to_bag([x[1] for x in batch]))
        labels = torch.tensor([x[2] for x in batch], dtype=torch.float32)
        output = F.cosine_similarity(u, v)
        loss = loss_fct(output, labels)
        opt.zero_grad(); loss.backward(); opt.step()

with torch.no_grad():
    cos = F.cosine_similarity(model(*to_bag([x[0] for x in data])), model(*to_bag([x[1] for x in data])))
    gold = torch.tensor([x[2] for x in data])
r2 = 1 - ((cos - gold) ** 2).mean() / gold.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
