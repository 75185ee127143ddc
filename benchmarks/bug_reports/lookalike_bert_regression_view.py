# Rebuilt from: https://github.com/huggingface/transformers/issues/7496
# Report: for regression with num_labels=1, BertForSequenceClassification computes
#   MSELoss()(logits.view(-1), labels.view(-1)) on raw logits "without normalizing using
#   sigmoid/softmax"; the reporter thought this "might have a problem".
# Not a bug (a look-alike that must stay silent): the head returns logits of shape (B, 1) while the
#   labels are (B,), but both are flattened with .view(-1) before MSELoss, so they are compared
#   element-wise; an unbounded linear output is the right thing for a real-valued score.
# Our own code, written after the report (not copied from it)
import random
import numpy as np
import torch
import torch.nn as nn
from torch.nn import MSELoss

random.seed(8); np.random.seed(8); torch.manual_seed(8)
EASY = ["cat", "sun", "run", "big", "dog", "red", "fun", "hat"]
HARD = ["notwithstanding", "epistemological", "heretofore", "juxtaposition", "quintessential",
        "obfuscate", "paradigmatic", "perfunctory"]
MID = ["garden", "window", "morning", "teacher", "village", "river", "yellow", "holiday"]


def make_excerpt():
    n_hard, n_easy = random.randint(0, 4), random.randint(0, 4)
    ws = random.choices(HARD, k=n_hard) + random.choices(EASY, k=n_easy) + random.choices(MID, k=4)
    random.shuffle(ws)
    target = 0.7 * n_easy - 0.8 * n_hard + random.gauss(0, 0.15)   # readability-like score
    return ws, target


excerpts = [make_excerpt() for _ in range(400)]
vocab = {"[PAD]": 0, "[CLS]": 1}
for ws, _ in excerpts:
    for w in ws:
        vocab.setdefault(w, len(vocab))
max_len = 13
input_ids = torch.zeros(len(excerpts), max_len, dtype=torch.long)
for i, (ws, _) in enumerate(excerpts):
    input_ids[i, :len(ws) + 1] = torch.tensor([1] + [vocab[w] for w in ws])
all_labels = torch.tensor([t for _, t in excerpts], dtype=torch.float32)


class TinyBertForSequenceClassification(nn.Module):
    def __init__(self, vocab_size, hidden=32, num_labels=1):
        super().__init__()
        self.num_labels = num_labels
        self.embeddings = nn.Embedding(vocab_size, hidden, padding_idx=0)
        self.position = nn.Embedding(max_len, hidden)
        self.encoder = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(hidden, nhead=4, dim_feedforward=64, batch_first=True), num_layers=1, enable_nested_tensor=False)
        self.classifier = nn.Linear(hidden, num_labels)

    def forward(self, input_ids, labels=None):
        pos = torch.arange(input_ids.size(1)).unsqueeze(0)
        h = self.encoder(self.embeddings(input_ids) + self.position(pos),
                         src_key_padding_mask=input_ids == 0)
        logits = self.classifier(h[:, 0])
        loss = None
        if labels is not None:
            if self.num_labels == 1:
                #  We are doing regression
                loss_fct = MSELoss()
                loss = loss_fct(logits.view(-1), labels.view(-1))
            else:
                loss_fct = nn.CrossEntropyLoss()
                loss = loss_fct(logits.view(-1, self.num_labels), labels.view(-1))
        return loss, logits


model = TinyBertForSequenceClassification(len(vocab))
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
for epoch in range(12):
    perm = torch.randperm(len(all_labels))
    for i in range(0, len(perm), 32):
        idx = perm[i:i + 32]
        loss, _ = model(input_ids[idx], labels=all_labels[idx])
        optimizer.zero_grad(); loss.backward(); optimizer.step()
    if epoch % 4 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    _, logits = model(input_ids)
pred = logits.view(-1)
r2 = 1 - ((pred - all_labels) ** 2).mean() / all_labels.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
