# Rebuilt from: https://github.com/huggingface/transformers/issues/11583
# Report: Fine-tuning bert-base-cased on GLUE STS-B (num_labels=1, regression) gave Pearson/Spearman
#   28.36/27.70 instead of ~88; torch printed "Using a target size (torch.Size([32])) that is different
#   to the input size (torch.Size([32, 1]))". Traced to #11012 dropping .view(-1) in the regression loss.
# Fixed twin of 01_stsb_regression_head.py: the regression branch squeezes logits and labels (as in the
#   fix PR #11785) so MSELoss compares (B,) with (B,).
# Our own code, written after the report (not copied from it); a tiny bag-of-embeddings pair encoder
#   on synthetic sentence pairs stands in for BERT on STS-B.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)
VOCAB, SEQ = 60, 8


def make_pairs(n):
    pairs, scores = [], []
    for _ in range(n):
        a = np.random.randint(1, VOCAB, SEQ)
        b = np.random.randint(1, VOCAB, SEQ)
        k = np.random.randint(0, SEQ + 1)          # how many tokens b copies from a
        b[:k] = a[:k]
        pairs.append((a, np.random.permutation(b)))
        scores.append(5.0 * k / SEQ + np.random.normal(0, 0.2))
    return pairs, np.array(scores, dtype=np.float32)


class StsDataset(Dataset):
    def __init__(self, pairs, scores):
        self.pairs, self.scores = pairs, scores

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, i):
        a, b = self.pairs[i]
        return {"input_a": torch.tensor(a), "input_b": torch.tensor(b),
                "labels": torch.tensor(self.scores[i])}


class PairRegressor(nn.Module):
    def __init__(self, num_labels=1, hidden=64):
        super().__init__()
        self.num_labels = num_labels
        self.emb = nn.Embedding(VOCAB, hidden)
        self.classifier = nn.Sequential(nn.Linear(2 * hidden, hidden), nn.Tanh(), nn.Linear(hidden, num_labels))

    def forward(self, input_a, input_b, labels=None):
        ea, eb = self.emb(input_a).mean(1), self.emb(input_b).mean(1)
        logits = self.classifier(torch.cat([ea * eb, (ea - eb).abs()], dim=-1))
        loss = None
        if labels is not None:
            if self.num_labels == 1:
                loss_fct = nn.MSELoss()
                loss = loss_fct(logits.squeeze(), labels.squeeze())
            else:
                loss = nn.CrossEntropyLoss()(logits.view(-1, self.num_labels), labels.view(-1))
        return loss, logits


def train(model, loader, epochs=12, lr=4e-3):
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    for ep in range(epochs):
        total = 0.0
        for batch in loader:
            loss, _ = model(**batch)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        if ep % 5 == 0:
            print(f"epoch {ep} train loss {total / len(loader):.4f}")


pairs, scores = make_pairs(384)
ds = StsDataset(pairs, scores)
model = PairRegressor(num_labels=1)
train(model, DataLoader(ds, batch_size=32, shuffle=True))

with torch.no_grad():
    full = next(iter(DataLoader(ds, batch_size=len(ds))))
    _, logits = model(full["input_a"], full["input_b"])
    pred, y = logits.reshape(-1), full["labels"].reshape(-1)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"pearson {np.corrcoef(pred.numpy(), y.numpy())[0, 1]:.3f}")
print(f"RESULT r2={r2.item():.3f}")
