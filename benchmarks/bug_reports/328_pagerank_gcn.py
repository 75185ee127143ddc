# Rebuilt from: https://github.com/tkipf/gcn/issues/80
# Report: User wanted to adapt the GCN code from classification to regression, to "compute" a node metric
#   (PageRank) with a GCN. They noted the labels become an N*1 column and asked what to change in the
#   masked softmax cross-entropy loss.
# Bug (planted: TL001): the hand-written masked squared error subtracts a flat label vector y[mask] ([M])
#   from the model output out[mask] ([M, 1]); the difference broadcasts to [M, M].
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(1)
torch.manual_seed(1)


def load_data(n=400, p=0.02):
    """Random directed graph, PageRank targets computed by power iteration."""
    A = (np.random.rand(n, n) < p).astype(np.float32)
    np.fill_diagonal(A, 0)
    out_deg = A.sum(1, keepdims=True)
    P = np.where(out_deg > 0, A / np.maximum(out_deg, 1), 1.0 / n)
    pr = np.full(n, 1.0 / n)
    for _ in range(100):
        pr = 0.15 / n + 0.85 * P.T @ pr
    feats = np.stack([A.sum(0), A.sum(1)], 1)          # in-degree, out-degree
    feats = (feats - feats.mean(0)) / feats.std(0)
    labels = (pr * n).astype(np.float32)                # ~1 on average
    return A, feats.astype(np.float32), labels


def normalize_adj(A):
    A_hat = A + A.T + np.eye(len(A), dtype=np.float32)
    d = A_hat.sum(1)
    D = np.diag(d ** -0.5)
    return (D @ A_hat @ D).astype(np.float32)


class GraphConvolution(nn.Module):
    def __init__(self, fin, fout):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(fin, fout))
        self.bias = nn.Parameter(torch.zeros(fout))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, x, adj):
        return adj @ (x @ self.weight) + self.bias


class GCN(nn.Module):
    def __init__(self, nfeat, nhid):
        super().__init__()
        self.gc1 = GraphConvolution(nfeat, nhid)
        self.gc2 = GraphConvolution(nhid, nhid)
        self.out = nn.Linear(nhid, 1)

    def forward(self, x, adj):
        x = torch.relu(self.gc1(x, adj))
        x = torch.relu(self.gc2(x, adj))
        return self.out(x)


def masked_mse(out, labels, mask):
    diff = out[mask] - labels[mask]
    return (diff ** 2).mean()


def train(model, features, adj, labels, mask, epochs=200):
    opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)
    for epoch in range(epochs):
        model.train()
        opt.zero_grad()
        loss = masked_mse(model(features, adj), labels, mask)
        loss.backward()
        opt.step()
        if epoch % 100 == 0:
            print(f"epoch {epoch:3d} train_loss {loss.item():.4f}")


A, feats, labels = load_data()
adj = torch.from_numpy(normalize_adj(A))
features = torch.from_numpy(feats)
labels = torch.from_numpy(labels)                      # shape [N]
train_mask = torch.zeros(len(labels), dtype=torch.bool)
train_mask[:300] = True

model = GCN(features.shape[1], 32)
train(model, features, adj, labels, train_mask)

model.eval()
with torch.no_grad():
    p = model(features, adj).view(-1)[train_mask]
    t = labels.view(-1)[train_mask]
    r2 = 1 - ((p - t) ** 2).mean() / t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
