# Rebuilt from: https://github.com/flairNLP/flair/pull/756
# Report: the beta TextRegressor (emotion-intensity regression on WASSA tweets with pooled word
#   embeddings) had "a problem with the loss function"; later users calling
#   forward_labels_and_loss still saw torch's "UserWarning: Using a target size ..." from MSELoss.
# Fixed twin of 144_flair_text_regressor.py: forward_loss squeezes the (B, 1) scores to (B,)
#   (scores.squeeze(1)) before MSELoss, as the current flair TextRegressor does.
# Our own code, written after the report (not copied from it); data: joy_intensity.csv (make_tweets.py)
import random
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

random.seed(1); np.random.seed(1); torch.manual_seed(1)


class Sentence:
    def __init__(self, text, label):
        self.tokens = text.lower().split()
        self.label = label


class DocumentPoolEmbeddings(nn.Module):
    """mean of (trainable) word embeddings, like flair's pooling with one-hot word embeddings"""
    def __init__(self, word2idx, dim=24):
        super().__init__()
        self.word2idx = word2idx
        self.emb = nn.Embedding(len(word2idx) + 1, dim, padding_idx=0)
        self.embedding_length = dim

    def embed(self, sentences):
        L = max(len(s.tokens) for s in sentences)
        ids = torch.zeros(len(sentences), L, dtype=torch.long)
        for r, s in enumerate(sentences):
            ids[r, :len(s.tokens)] = torch.tensor([self.word2idx.get(t, 0) for t in s.tokens])
        mask = (ids != 0).unsqueeze(-1).float()
        return (self.emb(ids) * mask).sum(1) / mask.sum(1)


class TextRegressor(nn.Module):
    def __init__(self, document_embeddings):
        super().__init__()
        self.document_embeddings = document_embeddings
        self.decoder = nn.Linear(document_embeddings.embedding_length, 1)
        nn.init.xavier_uniform_(self.decoder.weight)
        self.loss_function = nn.MSELoss(reduction="sum")

    def _labels_to_tensor(self, sentences):
        return torch.tensor([float(s.label) for s in sentences], dtype=torch.float)

    def forward(self, sentences):
        return self.decoder(self.document_embeddings.embed(sentences))

    def forward_loss(self, sentences):
        scores = self.forward(sentences)
        labels = self._labels_to_tensor(sentences)
        return self.loss_function(scores.squeeze(1), labels)


df = pd.read_csv("joy_intensity.csv")
corpus = [Sentence(t, y) for t, y in zip(df.tweet, df.intensity)]
word2idx = {}
for s in corpus:
    for t in s.tokens:
        word2idx.setdefault(t, len(word2idx) + 1)

model = TextRegressor(DocumentPoolEmbeddings(word2idx))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
mini_batch_size = 16
for epoch in range(40):
    random.shuffle(corpus)
    train_loss = 0.0
    for i in range(0, len(corpus), mini_batch_size):
        batch = corpus[i:i + mini_batch_size]
        loss = model.forward_loss(batch) / len(batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        train_loss += loss.item()
    if epoch % 10 == 0:
        print(f"epoch {epoch} - loss {train_loss / (len(corpus) / mini_batch_size):.5f}")

with torch.no_grad():
    pred = model(corpus)[:, 0]
    gold = model._labels_to_tensor(corpus)
r2 = 1 - ((pred - gold) ** 2).mean() / gold.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
