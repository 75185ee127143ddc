# Rebuilt from: https://github.com/tkipf/gcn/issues/130
# Report: User trained a GCN to predict a score per node (graph of 20 nodes, 4 features per node) with MSE;
#   the loss only went from 0.2 to 0.196. The maintainer suggested comparing against an MLP applied to each
#   node; the MLP reached a lower loss on the single graph instance.
# Not a bug (a look-alike that must stay silent): the scores are kept as an [N, 1] column like the output,
#   and the node features are fractions already in [0, 1]; the weak fit is a modelling question, not a shape
#   or scale problem.
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn

torch.manual_seed(2)
n_graphs, n_nodes = 200, 20
feats = torch.rand(n_graphs, n_nodes, 4)                           # fractions in [0, 1]
adj = (torch.rand(n_graphs, n_nodes, n_nodes) < 0.15).float()
adj = ((adj + adj.transpose(1, 2)) > 0).float() + torch.eye(n_nodes)
deg = adj.sum(-1)
adj_norm = adj / torch.sqrt(deg.unsqueeze(-1) * deg.unsqueeze(-2))
scores = (0.6 * feats[..., :1] + 0.4 * (adj_norm @ feats[..., 1:2])).clamp(0, 1)   # [G, N, 1]


class GCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.w1 = nn.Linear(4, 32)
        self.w2 = nn.Linear(32, 32)
        self.head = nn.Linear(32, 1)

    def forward(self, x, a):
        h = torch.relu(a @ self.w1(x))
        h = torch.relu(a @ self.w2(h))
        return self.head(h)                                              # [G, N, 1]


model = GCN()
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
mse = nn.MSELoss()
for epoch in range(300):
    opt.zero_grad()
    loss = mse(model(feats, adj_norm), scores)
    loss.backward()
    opt.step()
    if epoch % 100 == 0:
        print(f"epoch {epoch} mse {loss.item():.5f}")

with torch.no_grad():
    pred = model(feats, adj_norm)
    r2 = 1 - ((pred - scores) ** 2).mean() / scores.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
