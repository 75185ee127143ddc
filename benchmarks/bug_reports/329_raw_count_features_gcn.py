# Rebuilt from: https://github.com/abojchevski/graph2gauss/issues/8
# Report: Training on their own graph (A is 14000x14000, X is 14000x240) the loss was nan for the whole run,
#   whatever learning rate they tried (1 down to 1e-8). They later wrote: "Solved. Not normalize to [0,1]."
# Bug (planted: TL002): node attributes are raw bag-of-words counts (hundreds to thousands per entry) and are
#   fed to the GCN unscaled; with plain SGD the first steps blow up and the loss becomes nan.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(3)
torch.manual_seed(3)

N, D, C = 600, 240, 4


def load_graph():
    comm = np.random.randint(0, C, N)
    same = comm[:, None] == comm[None, :]
    prob = np.where(same, 0.03, 0.003)
    A = (np.random.rand(N, N) < prob).astype(np.float32)
    A = np.triu(A, 1)
    A = A + A.T
    # raw word counts per node, each community over-uses its own block of 60 words
    rates = np.full((C, D), 20.0)
    for c in range(C):
        rates[c, c * 60:(c + 1) * 60] = 200.0
    X = np.random.poisson(rates[comm] * np.random.uniform(1, 20, (N, 1))).astype(np.float32)
    return A, X, comm


A, X, labels = load_graph()

A_hat = A + np.eye(N, dtype=np.float32)
d = A_hat.sum(1)
A_norm = torch.tensor(A_hat / np.sqrt(d[:, None] * d[None, :]))
features = torch.tensor(X)
labels = torch.tensor(labels)


class GCN(nn.Module):
    def __init__(self, nin, nhid, nout):
        super().__init__()
        self.l1 = nn.Linear(nin, nhid)
        self.l2 = nn.Linear(nhid, nout)

    def forward(self, x, adj):
        h = F.relu(adj @ self.l1(x))
        return adj @ self.l2(h)


model = GCN(D, 64, C)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
for epoch in range(150):
    optimizer.zero_grad()
    logits = model(features, A_norm)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (model(features, A_norm).argmax(1) == labels).float().mean()
print(f"RESULT acc={acc.item():.3f}")
