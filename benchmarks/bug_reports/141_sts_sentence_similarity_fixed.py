# Rebuilt from: https://github.com/dotnet/machinelearning/issues/6522
# Report: Training a SentenceSimilarity model prints "Using a target size ([32]) that is different
#   to the input size ([32, 1])" from mse_loss; the trained model gives bad similarity scores
#   ("I get terrible metrics") for pairs of texts.
# Fixed twin of 141_sts_sentence_similarity.py: the (B, 1) prediction is squeezed to (B,) before
#   F.mse_loss, so it lines up with the (B,) gold scores.
# Our own code, written after the report (not copied from it)
import random
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(0); np.random.seed(0); torch.manual_seed(0)

TOPICS = [["cat", "kitten", "purrs", "whiskers"], ["car", "engine", "drives", "road"],
          ["chef", "cooks", "pasta", "kitchen"], ["guitar", "plays", "song", "band"],
          ["rain", "storm", "clouds", "umbrella"], ["child", "school", "reads", "book"]]
FILLER = ["a", "the", "is", "on", "in", "today", "slowly", "very", "and", "near"]

def make_sentence(topic):
    words = random.sample(TOPICS[topic], random.randint(2, 3)) + random.sample(FILLER, 3)
    random.shuffle(words)
    return words

pairs, scores = [], []
for _ in range(360):
    t1 = random.randrange(len(TOPICS))
    t2 = t1 if random.random() < 0.5 else random.randrange(len(TOPICS))
    s1, s2 = make_sentence(t1), make_sentence(t2)
    c1, c2 = set(s1) - set(FILLER), set(s2) - set(FILLER)
    jac = len(c1 & c2) / len(c1 | c2)
    scores.append(min(5.0, 2.0 * (t1 == t2) + 3.0 * jac + random.gauss(0, 0.2)))
    pairs.append((s1, s2))

vocab = {"<pad>": 0}
for s1, s2 in pairs:
    for w in s1 + s2:
        vocab.setdefault(w, len(vocab))

def encode(batch_sents, max_len=8):
    ids = torch.zeros(len(batch_sents), max_len, dtype=torch.long)
    for i, s in enumerate(batch_sents):
        ids[i, :len(s)] = torch.tensor([vocab[w] for w in s])
    return ids

class SentenceEncoder(nn.Module):
    def __init__(self, n_vocab, d=32):
        super().__init__()
        self.emb = nn.Embedding(n_vocab, d, padding_idx=0)
        self.layer = nn.TransformerEncoderLayer(d, nhead=4, dim_feedforward=64, batch_first=True)
    def forward(self, ids):
        mask = ids == 0
        h = self.layer(self.emb(ids), src_key_padding_mask=mask)
        keep = (~mask).unsqueeze(-1).float()
        return (h * keep).sum(1) / keep.sum(1)

class SimilarityModel(nn.Module):
    def __init__(self, n_vocab, d=32):
        super().__init__()
        self.encoder = SentenceEncoder(n_vocab, d)
        self.head = nn.Sequential(nn.Linear(4 * d, 64), nn.ReLU(), nn.Linear(64, 1))
    def forward(self, a, b):
        u, v = self.encoder(a), self.encoder(b)
        return self.head(torch.cat([u, v, (u - v).abs(), u * v], dim=-1))

A = encode([p[0] for p in pairs]); B = encode([p[1] for p in pairs])
y = torch.tensor(scores, dtype=torch.float32)
model = SimilarityModel(len(vocab))
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
batch_size = 32
for epoch in range(10):
    perm = torch.randperm(len(y))
    total = 0.0
    for i in range(0, len(y), batch_size):
        idx = perm[i:i + batch_size]
        pred = model(A[idx], B[idx])
        loss = F.mse_loss(pred.squeeze(-1), y[idx])
        opt.zero_grad(); loss.backward(); opt.step()
        total += loss.item() * len(idx)
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {total / len(y):.4f}")

model.eval()
with torch.no_grad():
    p = model(A, B).squeeze(-1)
r2 = 1 - ((p - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
