# Rebuilt from: https://github.com/KLUE-benchmark/KLUE/issues/47
# Report: Reader of the KLUE-STS paper asks how the MSE regression was trained: the sentence representation is
#   (batch_size, embedding_dim) while the similarity labels are one real number per pair, so how do the dims match?
#   Maintainer: the embedding is mapped to a 1-dim real value and MSE is minimised against the 0-5 score.
# Bug (planted: TL001): the head returns (B, 1) but the score labels from the TensorDataset are (B,);
#   nn.MSELoss(pred, score) broadcasts to (B, B) and the model only learns the batch mean.
# Our own code, written after the report (not copied from it); synthetic sentence pairs, random "word vectors".
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

rng = np.random.default_rng(0)
torch.manual_seed(0)

VOCAB = [f"w{i}" for i in range(300)]
EMB_DIM = 32
word_vecs = {w: rng.normal(0, 1, EMB_DIM).astype(np.float32) for w in VOCAB}


def make_pair():
    a = list(rng.choice(VOCAB, size=rng.integers(6, 14), replace=False))
    keep = rng.uniform(0, 1)
    b = [w for w in a if rng.uniform() < keep]
    b += list(rng.choice(VOCAB, size=len(a) - len(b) + 1, replace=False))
    score = 5.0 * len(set(a) & set(b)) / len(set(a) | set(b))   # 0..5 like STS-B
    return a, b, score


def sent_vec(tokens):
    # plain mean of word vectors, done by hand
    return np.mean([word_vecs[t] for t in tokens], axis=0)


def pair_features(a, b):
    u, v = sent_vec(a), sent_vec(b)
    return np.concatenate([u, v, np.abs(u - v), u * v])


pairs = [make_pair() for _ in range(1000)]
X = torch.tensor(np.stack([pair_features(a, b) for a, b, _ in pairs]))
y = torch.tensor([s for _, _, s in pairs], dtype=torch.float32)   # shape (N,)

loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)


class STSRegressor(nn.Module):
    def __init__(self, in_dim):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(in_dim, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.head = nn.Linear(64, 1)          # "map to a 1-dim real value"

    def forward(self, x):
        return self.head(self.body(x))        # (B, 1)


model = STSRegressor(X.shape[1])
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.MSELoss()

for epoch in range(20):
    total = 0.0
    for xb, score in loader:
        pred = model(xb)
        loss = criterion(pred, score)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    if epoch % 10 == 0:
        print(f"epoch {epoch} mse {total / len(X):.4f}")

with torch.no_grad():
    p = model(X).view(-1)
r2 = 1 - torch.mean((p - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
