# Rebuilt from: https://stackoom.com/en/question/3ImL8
# Report: Text classification "from scratch": 7500 documents, 7 classes, ~5800-word bag-of-words input, one hidden
#   layer of sigmoid units, learning rate 0.1. After 2-3 epochs an overflow warning appears in exp() and the output
#   is ~0 for every class on every input. Answer: the weights scale the input vector into the saturated region.
# Fixed twin of 310_bow_sigmoid_classifier.py: standardize the count features (column mean/std) before training.
# Our own code, written after the report (not copied from it); synthetic documents from 7 topic vocabularies.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(1)
torch.manual_seed(1)

N_CLASSES, VOCAB, N_DOCS = 7, 400, 1400
topic_words = [rng.choice(VOCAB, 30, replace=False) for _ in range(N_CLASSES)]


def make_docs():
    docs, labels = [], []
    for _ in range(N_DOCS):
        c = int(rng.integers(N_CLASSES))
        length = int(rng.integers(150, 1500))
        n_topic = int(length * 0.06)
        words = np.concatenate([rng.choice(topic_words[c], n_topic),
                                rng.zipf(1.3, length - n_topic) % VOCAB])   # common words dominate
        docs.append(words)
        labels.append(c)
    return docs, np.array(labels)


def bag_of_words(docs):
    X = np.zeros((len(docs), VOCAB), dtype=np.float32)
    for i, d in enumerate(docs):
        np.add.at(X[i], d, 1.0)          # raw counts
    return X


docs, labels = make_docs()
X = torch.from_numpy(bag_of_words(docs))
X = (X - X.mean(0)) / (X.std(0) + 1e-6)
y = torch.from_numpy(labels).long()

hidden = nn.Linear(VOCAB, 128)
out = nn.Linear(128, N_CLASSES)
params = list(hidden.parameters()) + list(out.parameters())
opt = torch.optim.SGD(params, lr=0.1)


def forward(xb):
    return out(torch.sigmoid(hidden(xb)))


for epoch in range(25):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 50):
        idx = perm[i:i + 50]
        loss = F.cross_entropy(forward(X[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 8 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (forward(X).argmax(1) == y).float().mean()
print(f"RESULT acc={acc.item():.3f}")
