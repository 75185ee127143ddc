# Rebuilt from: https://github.com/chenxijun1029/DeepFM_with_PyTorch/pull/5
# Report: DeepFM on Criteo: the 13 integer (count) features are multiplied into their embeddings as raw
#   values; in the FM term sum(xv).pow(2.0) "causes infinite values easily and fail to learn".
#   The PR adds normalization of the continuous features.
# Bug (planted: TL002): CriteoDataset returns the raw counts I1..I13 (up to hundreds of thousands) as
#   Xv, so xv = emb * Xv explodes in the FM/deep parts; no scaling of the continuous columns.
# Our own code, written after the report (not copied from it); data file criteo_sample.txt, a small made-up table beside this script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

NUM_CONT = 13
CAT_SIZES = [8, 12, 5, 20, 6, 10]


class CriteoDataset(Dataset):
    def __init__(self, path, rows):
        lines = open(path).readlines()
        data = np.array([[float(v) for v in l.strip().split(",")] for l in lines])[rows]
        self.cont = data[:, :NUM_CONT]
        self.cats = data[:, NUM_CONT:-1].astype(np.int64)
        self.target = data[:, -1].astype(np.float32)

    def __getitem__(self, idx):
        # continuous fields: index 0, value = the count; categorical: index = id, value = 1
        Xi = np.concatenate([np.zeros(NUM_CONT, dtype=np.int64), self.cats[idx]])
        Xv = np.concatenate([self.cont[idx], np.ones(len(CAT_SIZES))]).astype(np.float32)
        return torch.from_numpy(Xi), torch.from_numpy(Xv), self.target[idx]

    def __len__(self):
        return len(self.target)


class DeepFM(nn.Module):
    def __init__(self, feature_sizes, embedding_size=4, hidden_dims=(32, 32)):
        super().__init__()
        self.field_size = len(feature_sizes)
        self.first = nn.ModuleList([nn.Embedding(s, 1) for s in feature_sizes])
        self.second = nn.ModuleList([nn.Embedding(s, embedding_size) for s in feature_sizes])
        dims = [self.field_size * embedding_size] + list(hidden_dims)
        layers = []
        for i in range(1, len(dims)):
            layers += [nn.Linear(dims[i - 1], dims[i]), nn.BatchNorm1d(dims[i]), nn.ReLU()]
        self.deep = nn.Sequential(*layers)
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, Xi, Xv):
        f1 = torch.cat([emb(Xi[:, i]) * Xv[:, i:i + 1] for i, emb in enumerate(self.first)], 1)
        xv = torch.stack([emb(Xi[:, i]) * Xv[:, i:i + 1] for i, emb in enumerate(self.second)], dim=1)
        s1 = torch.sum(xv, dim=1).pow(2.0)
        s2 = torch.sum(xv.pow(2.0), dim=1)
        f2 = 0.5 * (s1 - s2)
        deep_out = self.deep(torch.flatten(xv, start_dim=1))
        return f1.sum(1) + f2.sum(1) + deep_out.sum(1) + self.bias


perm = np.random.permutation(600)
train_set = CriteoDataset("criteo_sample.txt", perm[:480])
val_set = CriteoDataset("criteo_sample.txt", perm[480:])
loader_train = DataLoader(train_set, batch_size=32, shuffle=True)

model = DeepFM([1] * NUM_CONT + CAT_SIZES)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.BCEWithLogitsLoss()

for epoch in range(60):
    model.train()
    for xi, xv, y in loader_train:
        total = model(xi, xv)
        loss = criterion(total, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    xi, xv, y = next(iter(DataLoader(val_set, batch_size=len(val_set))))
    preds = (torch.sigmoid(model(xi, xv)) > 0.5).float()
acc = (preds == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
