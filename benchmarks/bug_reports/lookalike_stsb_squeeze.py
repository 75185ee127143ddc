# Rebuilt from: https://github.com/namisan/mt-dnn/issues/115
# Report: reproducing the GLUE MTL refinement, training prints "model.py:210: UserWarning: Using a target
#   size (torch.Size([1])) that is different to the input size (torch.Size([]))". The user asks whether to
#   ignore it; the maintainer answers "It seems fine."
# Not a bug (a look-alike that must stay silent): the regression task (STS-B style) computes
#   F.mse_loss(logits.squeeze(), y) with logits [B, 1] and y [B]; squeeze() gives [B], matching y. Only a
#   last batch of one pair gives [] vs [1] -- one number against one number, so the loss is unchanged.
# Our own code, written after the report (not copied from it); synthetic sentence pairs, similarity 0..5
#   from token overlap, bag-of-embeddings encoder instead of BERT.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

np.random.seed(11)
torch.manual_seed(11)
VOCAB = 200


def make_pairs(n=577):
    pairs = []
    for _ in range(n):
        a = list(np.random.choice(VOCAB, np.random.randint(6, 12), replace=False))
        keep = np.random.randint(0, len(a) + 1)
        b = a[:keep] + list(np.random.choice(VOCAB, len(a) - keep))
        np.random.shuffle(b)
        score = 5.0 * len(set(a) & set(b)) / len(set(a) | set(b))
        pairs.append((a, b, score))
    return pairs


class STSDataset(Dataset):
    def __init__(self, pairs):
        self.pairs = pairs

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, i):
        a, b, s = self.pairs[i]
        return torch.tensor(a), torch.tensor(b), torch.tensor(s, dtype=torch.float)


def collate(batch):
    a, b, y = zip(*batch)
    offs = lambda seqs: torch.tensor([0] + [len(s) for s in seqs[:-1]]).cumsum(0)
    return torch.cat(a), offs(a), torch.cat(b), offs(b), torch.stack(y)


class SANBertNetwork(nn.Module):
    def __init__(self, dim=64):
        super().__init__()
        self.emb = nn.EmbeddingBag(VOCAB, dim, mode="mean")
        self.scoring = nn.Sequential(nn.Linear(4 * dim, 64), nn.Tanh(), nn.Linear(64, 1))

    def forward(self, a, a_off, b, b_off):
        u, v = self.emb(a, a_off), self.emb(b, b_off)
        return self.scoring(torch.cat([u, v, (u - v).abs(), u * v], 1))


pairs = make_pairs()
loader = DataLoader(STSDataset(pairs), batch_size=32, shuffle=True, collate_fn=collate)
network = SANBertNetwork()
optimizer = torch.optim.Adam(network.parameters(), lr=3e-3)

for epoch in range(40):
    for a, a_off, b, b_off, y in loader:
        logits = network(a, a_off, b, b_off)
        loss = F.mse_loss(logits.squeeze(), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print("epoch", epoch, "loss", round(loss.item(), 4))

with torch.no_grad():
    a, a_off, b, b_off, y = collate([STSDataset(pairs)[i] for i in range(len(pairs))])
    pred = network(a, a_off, b, b_off).reshape(-1)
r2 = 1 - torch.mean((pred - y) ** 2).item() / torch.var(y, unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
