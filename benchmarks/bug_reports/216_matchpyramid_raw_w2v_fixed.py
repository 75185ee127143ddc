# Rebuilt from: https://github.com/pl8787/MatchPyramid-TensorFlow/issues/8
# Report: "why i use word2vec embedding, loss is nan?" - the reporter plugged their own pretrained word2vec
#   vectors into MatchPyramid (dot-product matching matrix -> conv -> dynamic pooling -> MLP) and the loss
#   went nan; the maintainer answered: "Please normalize your word embedding before feed into model."
# Fixed twin of 216_matchpyramid_raw_w2v.py: each pretrained vector is L2-normalised after loading (cosine matching matrix).
# Our own code, written after the report (not copied from it); synthetic "pretrained" vectors and sentence
#   pairs are generated in-script.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(1); torch.manual_seed(1)
torch.set_num_threads(1)

VOCAB_SIZE, EMB_DIM, LEN = 300, 50, 12


def load_pretrained_vectors():
    # stands in for the reporter's exported word2vec matrix: un-normalised, large norms
    vecs = np.random.randn(VOCAB_SIZE, EMB_DIM) * np.random.uniform(20, 60, size=(VOCAB_SIZE, 1))
    vecs[0] = 0.0  # padding
    return vecs.astype(np.float32)


def make_pairs(n):
    q, d, y = [], [], []
    for _ in range(n):
        s1 = np.random.randint(1, VOCAB_SIZE, LEN)
        if np.random.rand() < 0.5:      # paraphrase: shares most words, shuffled
            s2 = s1.copy(); np.random.shuffle(s2)
            s2[np.random.rand(LEN) < 0.3] = np.random.randint(1, VOCAB_SIZE)
            y.append(1)
        else:
            s2 = np.random.randint(1, VOCAB_SIZE, LEN); y.append(0)
        q.append(s1); d.append(s2)
    return torch.tensor(np.array(q)), torch.tensor(np.array(d)), torch.tensor(y)


class MatchPyramid(nn.Module):
    def __init__(self, embedding_matrix):
        super().__init__()
        self.embed = nn.Embedding.from_pretrained(torch.from_numpy(embedding_matrix), freeze=True)
        self.conv = nn.Conv2d(1, 8, kernel_size=3, padding=1)
        self.pool = nn.AdaptiveMaxPool2d((3, 3))
        self.fc1 = nn.Linear(8 * 9, 32)
        self.out = nn.Linear(32, 2)

    def forward(self, q, d):
        mm = torch.bmm(self.embed(q), self.embed(d).transpose(1, 2)).unsqueeze(1)   # matching matrix
        x = self.pool(F.relu(self.conv(mm))).flatten(1)
        return self.out(F.relu(self.fc1(x)))


embedding_matrix = load_pretrained_vectors()
embedding_matrix = embedding_matrix / (np.linalg.norm(embedding_matrix, axis=1, keepdims=True) + 1e-6)
q, d, y = make_pairs(600)
model = MatchPyramid(embedding_matrix)
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
for epoch in range(20):
    perm = torch.randperm(len(y))
    for i in range(0, len(y), 50):
        idx = perm[i:i + 50]
        loss = F.cross_entropy(model(q[idx], d[idx]), y[idx])
        opt.zero_grad(); loss.backward(); opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    logits = model(q, d)
acc = (logits.argmax(1) == y).float().mean().item() if torch.isfinite(logits).all() else float("nan")
print(f"RESULT acc={acc:.3f}")
