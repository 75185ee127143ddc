# Rebuilt from: https://errorhandle.ai/how-to-feed-tf-idf-vectorizer-output-as-input-to-a-neural-network-for-classification
# Report: Asks how to feed TfidfVectorizer output into a neural network classifier; answer: fit_transform, .toarray()
#   to a dense matrix, feed it to an MLP; "TF-IDF values are already scaled", extra normalization is optional.
# Not a bug (a look-alike that must stay silent): the TF-IDF matrix goes in without StandardScaler, but every row is
#   L2-normalized by TfidfVectorizer (values in [0, 1]), so plain SGD trains fine.
# Our own code, written after the report (not copied from it); synthetic short reviews.
import numpy as np
import torch
import torch.nn as nn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(3)
torch.manual_seed(3)

pos = "great love excellent amazing perfect happy recommend best wonderful fast".split()
neg = "terrible awful broken refund worst slow disappointed waste poor cheap".split()
neutral = "the product it was and i this box arrived order item one time use with".split()

texts, labels = [], []
for _ in range(800):
    lab = int(rng.integers(2))
    words = list(rng.choice(neutral, rng.integers(8, 40)))
    words += list(rng.choice(pos if lab else neg, rng.integers(1, 4)))
    rng.shuffle(words)
    texts.append(" ".join(words))
    labels.append(lab)

vectorizer = TfidfVectorizer()
X = vectorizer.fit_transform(texts).toarray().astype(np.float32)
X_train, X_test, y_train, y_test = train_test_split(X, np.array(labels), test_size=0.2, random_state=0)
X_train, y_train = torch.from_numpy(X_train), torch.from_numpy(y_train).long()

model = nn.Sequential(nn.Linear(X.shape[1], 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
criterion = nn.CrossEntropyLoss()

for epoch in range(40):
    perm = torch.randperm(len(X_train))
    for i in range(0, len(perm), 32):
        idx = perm[i:i + 32]
        optimizer.zero_grad()
        loss = criterion(model(X_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (model(X_train).argmax(1) == y_train).float().mean()
print(f"RESULT acc={acc.item():.3f}")
