# Rebuilt from: https://github.com/tensorflow/ranking/issues/87
# Report: "Model could not converge with normalization features locally": a ranking model trains well on a
#   dataset pre-normalized by an ETL pipeline (log(featVal) or (featVal - mean) / std), but fed the raw feature
#   values it "could not converge"; the maintainer answers that it is good to normalize features for a DNN and
#   to check that the log transform is really applied before the scoring function.
# Bug (planted: TL002): the scorer gets the raw query-document features (click counts up to ~50,000, dwell
#   seconds up to ~3,600, document length in words up to ~20,000 next to a BM25 score and a 0..1 page rank);
#   with SGD the click and length columns dominate every update and the relevance classifier stays near chance.
# Our own code, written after the report (not copied from it); data: qd_features.csv written beside it
import os

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

np.random.seed(30)
torch.manual_seed(30)
torch.set_num_threads(1)

CSV = "qd_features.csv"


def export_judgements(path, n=4000):
    rng = np.random.default_rng(30)
    clicks = rng.lognormal(5.0, 2.0, n).clip(0, 50000)
    dwell = rng.lognormal(4.0, 1.2, n).clip(0, 3600)
    length = rng.lognormal(7.5, 0.8, n).clip(100, 20000)
    bm25 = rng.gamma(3.0, 3.0, n).clip(0, 30)
    rank = rng.beta(2, 5, n)
    score = (0.8 * (np.log1p(clicks) - 5) / 2 + 0.7 * (np.log1p(dwell) - 4) / 1.2
             - 0.5 * (np.log(length) - 7.5) / 0.8 + 0.6 * (bm25 - 9) / 5 + 1.5 * (rank - 0.29) / 0.16)
    relevant = (score + rng.normal(0, 0.5, n) > 0).astype(np.float32)
    np.savetxt(path, np.column_stack([clicks, dwell, length, bm25, rank, relevant]), delimiter=",", fmt="%.4f",
               header="clicks,dwell_s,doc_words,bm25,pagerank,relevant", comments="")


if not os.path.exists(CSV):
    export_judgements(CSV)

table = np.loadtxt(CSV, delimiter=",", skiprows=1, dtype=np.float32)
features = table[:, :5]
labels = table[:, 5:6]

x = torch.from_numpy(features)
y = torch.from_numpy(labels)
train = DataLoader(TensorDataset(x[:3200], y[:3200]), batch_size=64, shuffle=True)

scorer = nn.Sequential(nn.Linear(5, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(scorer.parameters(), lr=0.01)
criterion = nn.BCEWithLogitsLoss()

for epoch in range(20):
    for xb, yb in train:
        loss = criterion(scorer(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = (scorer(x[3200:]) > 0).float()
acc = (pred == y[3200:]).float().mean()
print(f"RESULT acc={acc.item():.4f}")
