# Rebuilt from: https://github.com/mlcommons/algorithmic-efficiency/pull/136
# Report: "Criteo fixes and refactor": the Criteo click-through workload (binary classification of ad
#   impressions from dense count features and categorical features) did not train; the fix found "a bug in
#   shape broadcasting in the loss function" between the dense labels and the logits.
# Fixed twin of 417_ctr_squeezed_logits_column_labels.py: the dataset yields each label as a scalar, so the
#   labels batch to (B,) like the squeezed logits.
# Our own code, written after the report (not copied from it); data: impressions.npy written beside it
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

np.random.seed(17)
torch.manual_seed(17)
torch.set_num_threads(1)

DATA = "impressions.npy"
N_DENSE, N_CAT, VOCAB = 6, 3, 20


def log_impressions(path, n=4000):
    rng = np.random.default_rng(17)
    dense = rng.normal(0, 1, (n, N_DENSE))
    cats = rng.integers(0, VOCAB, (n, N_CAT))
    cat_effect = rng.normal(0, 1.2, (N_CAT, VOCAB))
    score = dense @ np.array([1.2, -0.9, 0.6, 0.0, 0.8, -0.5]) + sum(cat_effect[j, cats[:, j]] for j in range(N_CAT))
    click = (rng.random(n) < 1 / (1 + np.exp(-1.5 * score))).astype(np.float32)
    np.save(path, np.column_stack([dense, cats, click]).astype(np.float32))


class Impressions(Dataset):
    def __init__(self, table):
        self.table = table

    def __len__(self):
        return len(self.table)

    def __getitem__(self, i):
        row = self.table[i]
        dense = row[:N_DENSE]
        cats = row[N_DENSE:N_DENSE + N_CAT].astype(np.int64)
        label = row[N_DENSE + N_CAT]
        return dense, cats, label


class CTRModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = nn.ModuleList([nn.Embedding(VOCAB, 8) for _ in range(N_CAT)])
        self.mlp = nn.Sequential(nn.Linear(N_DENSE + 8 * N_CAT, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, dense, cats):
        embedded = [emb(cats[:, j]) for j, emb in enumerate(self.embeddings)]
        logits = self.mlp(torch.cat([dense] + embedded, dim=1))
        return logits.squeeze(-1)


def sigmoid_binary_cross_entropy(logits, labels):
    log_p = F.logsigmoid(logits)
    log_not_p = F.logsigmoid(-logits)
    return -labels * log_p - (1.0 - labels) * log_not_p


if not os.path.exists(DATA):
    log_impressions(DATA)

table = np.load(DATA)
train_loader = DataLoader(Impressions(table[:3200]), batch_size=128, shuffle=True)
test = torch.from_numpy(table[3200:])

model = CTRModel()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

for epoch in range(10):
    for dense, cats, label_batch in train_loader:
        logits_batch = model(dense, cats)
        loss = sigmoid_binary_cross_entropy(logits_batch, label_batch).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 3 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    logits = model(test[:, :N_DENSE], test[:, N_DENSE:N_DENSE + N_CAT].long())
predicted = (logits.view(-1) > 0).float()
print(f"RESULT acc={(predicted == test[:, -1]).float().mean().item():.4f}")
