# Rebuilt from: https://github.com/huggingface/transformers/issues/11780
# Report: after a refactor, the sequence-classification models compute the regression loss
#   (num_labels == 1) as MSELoss()(logits, labels) without .view(-1); on the GLUE STS-B example this
#   prints "Using a target size (torch.Size([32])) that is different to the input size
#   (torch.Size([32, 1]))" and the regression results are off.
# Fixed twin of 84_text_regression_head.py: the regression loss is computed on logits.view(-1) and
#   labels.view(-1) again, as before the refactor.
# Our own code, written after the report (not copied from it); data: synthetic STS-like sentences made in make_corpus()
import numpy as np
import torch
import torch.nn as nn
from torch.nn import MSELoss
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
np.random.seed(0)

POS = ["great", "lovely", "superb", "fun", "tasty", "friendly", "clean", "fast"]
NEG = ["awful", "rude", "dirty", "slow", "bland", "noisy", "broken", "cold"]
NEU = ["the", "a", "food", "staff", "room", "was", "and", "very", "service", "place", "we", "it"]
VOCAB = ["[PAD]"] + POS + NEG + NEU
tok2id = {w: i for i, w in enumerate(VOCAB)}
MAX_LEN = 12

def make_corpus(n=512, seed=0):
    rng = np.random.default_rng(seed)
    texts, scores = [], []
    for _ in range(n):
        n_pos, n_neg = rng.integers(0, 4), rng.integers(0, 4)
        words = list(rng.choice(POS, n_pos)) + list(rng.choice(NEG, n_neg)) + list(rng.choice(NEU, 5))
        rng.shuffle(words)
        texts.append(" ".join(words))
        scores.append(float(np.clip(2.5 + 0.8 * (n_pos - n_neg) + rng.normal(0, 0.3), 0, 5)))
    return texts, scores

class ReviewDataset(Dataset):
    def __init__(self, texts, scores):
        self.texts, self.scores = texts, scores

    def __len__(self):
        return len(self.texts)

    def __getitem__(self, i):
        ids = [tok2id[w] for w in self.texts[i].split()][:MAX_LEN]
        mask, ids = [1] * len(ids) + [0] * (MAX_LEN - len(ids)), ids + [0] * (MAX_LEN - len(ids))
        return {"input_ids": torch.tensor(ids), "attention_mask": torch.tensor(mask, dtype=torch.float),
                "labels": torch.tensor(self.scores[i], dtype=torch.float)}

class TinyEncoderForSequenceClassification(nn.Module):
    def __init__(self, vocab_size, hidden_size=32, num_labels=1):
        super().__init__()
        self.num_labels = num_labels
        self.embeddings = nn.Embedding(vocab_size, hidden_size, padding_idx=0)
        self.pooler = nn.Sequential(nn.Linear(hidden_size, hidden_size), nn.Tanh())
        self.classifier = nn.Linear(hidden_size, num_labels)

    def forward(self, input_ids, attention_mask, labels=None):
        h = self.embeddings(input_ids) * attention_mask.unsqueeze(-1)
        logits = self.classifier(self.pooler(h.sum(1) / attention_mask.sum(1, keepdim=True)))
        loss = None
        if labels is not None:
            if self.num_labels == 1:
                loss_fct = MSELoss()
                loss = loss_fct(logits.view(-1), labels.view(-1))
            else:
                loss = nn.CrossEntropyLoss()(logits.view(-1, self.num_labels), labels.view(-1))
        return loss, logits

texts, scores = make_corpus()
train_dataloader = DataLoader(ReviewDataset(texts, scores), batch_size=32, shuffle=True)
model = TinyEncoderForSequenceClassification(len(VOCAB), num_labels=1)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3)

for epoch in range(25):
    model.train()
    for batch in train_dataloader:
        loss, _ = model(**batch)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

model.eval()
batch = next(iter(DataLoader(ReviewDataset(texts, scores), batch_size=len(texts))))
with torch.no_grad():
    _, logits = model(batch["input_ids"], batch["attention_mask"])
preds, labels = logits.view(-1), batch["labels"]
r2 = 1 - ((preds - labels) ** 2).mean() / labels.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
