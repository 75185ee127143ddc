# Rebuilt from: https://github.com/pytorch/text/issues/389
# Report: training a regression model for emotion intensity (WASSA fear tweets, Intensity_Score
#   0..1) with an LSTM over packed padded sequences; the float score column is appended to each
#   batch so that "a regression loss function such as L1Loss" can be applied.
# Bug (planted: TL001): the LSTM head returns (B, 1) while the batch of scores is (B,);
#   nn.L1Loss broadcasts them to (B, B) and every tweet is pulled toward the batch median.
# Our own code, written after the report (not copied from it); data: fear_intensity.tsv (make_tweets.py)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence
from torch.utils.data import DataLoader, Dataset

np.random.seed(0); torch.manual_seed(0)

df = pd.read_csv("fear_intensity.tsv", sep="\t")
tokenized = [t.lower().split() for t in df.Tweet]
vocab = {"<pad>": 0, "<unk>": 1}
for toks in tokenized:
    for w in toks:
        if w not in vocab:
            vocab[w] = len(vocab)


class TweetDataset(Dataset):
    def __init__(self, toks, scores):
        self.toks, self.scores = toks, scores

    def __len__(self):
        return len(self.toks)

    def __getitem__(self, i):
        ids = [vocab.get(w, 1) for w in self.toks[i]]
        return ids, np.float32(self.scores[i])


def collate_batch(batch):
    batch = sorted(batch, key=lambda b: len(b[0]), reverse=True)
    lengths = torch.tensor([len(b[0]) for b in batch])
    text = torch.zeros(len(batch), int(lengths[0]), dtype=torch.long)
    for i, (ids, _) in enumerate(batch):
        text[i, :len(ids)] = torch.tensor(ids)
    label = torch.tensor(np.array([b[1] for b in batch]))
    return text, lengths, label


class LSTMRegressor(nn.Module):
    def __init__(self, vocab_size, emb_dim=32, hidden=32):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.lstm = nn.LSTM(emb_dim, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, text, lengths):
        packed = pack_padded_sequence(self.embedding(text), lengths, batch_first=True)
        _, (hidden, _) = self.lstm(packed)
        return self.fc(hidden[-1])


def train(model, loader, optimizer, criterion):
    model.train()
    epoch_loss = 0.0
    for text, lengths, label in loader:
        optimizer.zero_grad()
        predictions = model(text, lengths)
        loss = criterion(predictions, label)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item()
    return epoch_loss / len(loader)


dataset = TweetDataset(tokenized, df.Intensity_Score.values)
loader = DataLoader(dataset, batch_size=32, shuffle=True, collate_fn=collate_batch)
model = LSTMRegressor(len(vocab))
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
criterion = nn.L1Loss()
for epoch in range(25):
    train_loss = train(model, loader, optimizer, criterion)
    if epoch % 5 == 0:
        print(f"Epoch {epoch:02} | Train L1: {train_loss:.4f}")

model.eval()
with torch.no_grad():
    text, lengths, label = collate_batch([dataset[i] for i in range(len(dataset))])
    pred = model(text, lengths).squeeze(1)
r2 = 1 - ((pred - label) ** 2).mean() / label.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
