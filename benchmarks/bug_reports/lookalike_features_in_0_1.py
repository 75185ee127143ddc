# Rebuilt from: https://github.com/YingtongDou/CARE-GNN/issues/11
# Report: a user notices that the review-spam node features (YelpChi) already range from 0 to 1 and
#   asks why they still need to go through normalize(); the maintainer answers that YelpChi features
#   are in [0, 1] and normalization is only a common preprocessing step (needed for the Amazon set,
#   whose features have different units).
# Not a bug (a look-alike that must stay silent): every input column is a ratio/score already in
#   [0, 1], so feeding the raw values to the MLP is fine; nothing has a large magnitude.
# Our own code, written after the report (not copied from it); data: synthetic, made in load_data()
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)


def load_data(n=600, n_feat=32, seed=0):
    """Review-level behaviour features, each a ratio or score in [0, 1]; label 1 = spam review."""
    rng = np.random.default_rng(seed)
    label = (rng.random(n) < 0.3).astype(np.int64)
    feats = rng.beta(2, 5, size=(n, n_feat))
    shift = rng.normal(0, 0.06, n_feat)
    feats[label == 1] = np.clip(feats[label == 1] + shift, 0, 1)
    return feats.astype(np.float32), label


features, labels = load_data()
print("feature range:", features.min(), features.max())
X_tr, X_te, y_tr, y_te = train_test_split(features, labels, test_size=0.2, stratify=labels, random_state=0)
loader = DataLoader(TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr)), batch_size=64, shuffle=True)

model = nn.Sequential(nn.Linear(X_tr.shape[1], 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-3)
xent = nn.CrossEntropyLoss()


def train(model, loader, epochs=20):
    for epoch in range(epochs):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = xent(model(xb), yb)
            loss.backward()
            optimizer.step()
        if epoch % 5 == 0:
            print(f"epoch {epoch} loss {loss.item():.4f}")


train(model, loader)
with torch.no_grad():
    test_acc = (model(torch.from_numpy(X_te)).argmax(1).numpy() == y_te).mean()
    train_acc = (model(torch.from_numpy(X_tr)).argmax(1).numpy() == y_tr).mean()
print(f"test acc {test_acc:.3f}")
print(f"RESULT acc={train_acc:.3f}")
