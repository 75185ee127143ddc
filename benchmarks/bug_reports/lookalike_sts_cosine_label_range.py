# Rebuilt from: https://github.com/huggingface/sentence-transformers/issues/1493
# Report: The asker noted that STS gold scores normalised to 0..1 are regressed against a cosine similarity
#   that ranges over -1..1, and asked whether this mismatch of ranges breaks training / the correlation metric.
#   The maintainer answered: "No, it will not cause any issues."
# Not a bug (a look-alike that must stay silent): cosine (B,) is regressed with MSE against score/5 (B,); the
#   shapes match and the 0..5 labels are scaled to 0..1 on purpose; the model inputs are token ids, not raw numbers.
# Our own code, written after the report (not copied from it); synthetic sentence pairs generated in-script.
import random
import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(3); torch.manual_seed(3)
torch.set_num_threads(1)
VOCAB, LEN = 200, 10


def make_sts_pairs(n):
    a, b, scores = [], [], []
    for _ in range(n):
        s1 = [random.randint(1, VOCAB - 1) for _ in range(LEN)]
        k = random.randint(0, LEN)                     # number of shared tokens
        s2 = s1[:k] + [random.randint(1, VOCAB - 1) for _ in range(LEN - k)]
        random.shuffle(s2)
        a.append(s1); b.append(s2); scores.append(5.0 * k / LEN)   # gold score 0..5
    return torch.tensor(a), torch.tensor(b), torch.tensor(scores)


class BagEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.bag = nn.EmbeddingBag(VOCAB, 64, mode="mean")
        self.proj = nn.Linear(64, 64)

    def forward(self, ids):
        return self.proj(self.bag(ids))


s1, s2, gold = make_sts_pairs(500)
labels = gold / 5.0                                    # normalised to 0..1 as in the STSb example
enc = BagEncoder()
opt = torch.optim.Adam(enc.parameters(), lr=5e-3)
loss_fct = nn.MSELoss()
for epoch in range(40):
    perm = torch.randperm(len(labels))
    for i in range(0, len(labels), 32):
        idx = perm[i:i + 32]
        cos = F.cosine_similarity(enc(s1[idx]), enc(s2[idx]))     # (B,) in -1..1
        loss = loss_fct(cos, labels[idx])                         # (B,) vs (B,)
        opt.zero_grad(); loss.backward(); opt.step()

with torch.no_grad():
    cos = F.cosine_similarity(enc(s1), enc(s2))
r2 = 1 - torch.mean((cos - labels) ** 2).item() / torch.var(labels, unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
