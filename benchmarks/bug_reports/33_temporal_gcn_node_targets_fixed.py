# Rebuilt from: https://github.com/benedekrozemberczki/pytorch_geometric_temporal/issues/231
# Report: in the README / ChickenpoxDataset example the cost is torch.mean((y_hat - snapshot.y)**2); the
#   reporter printed the shapes: y_hat [20, 1], snapshot.y [20], y_hat - snapshot.y [20, 20], and asks
#   whether y_hat should not have the same shape as y (with .reshape(-1) the difference is [20]).
# Fixed twin of 33_temporal_gcn_node_targets.py: y_hat is reshaped to [N] (.reshape(-1), as proposed in
#   the issue) before the squared error, so each node is compared with its own target.
# Our own code, written after the report (not copied from it); synthetic 20-node "weekly cases" graph,
#   a hand-written graph convolution instead of torch_geometric_temporal's DCRNN.
import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(1)
np.random.seed(1)

N_NODES, N_WEEKS, LAGS = 20, 110, 4


class Snapshot:
    def __init__(self, x, edge_index, edge_weight, y):
        self.x, self.edge_index, self.edge_weight, self.y = x, edge_index, edge_weight, y


def load_dataset():
    # ring of counties plus a few random neighbours
    edges = [(i, (i + 1) % N_NODES) for i in range(N_NODES)]
    edges += [tuple(np.random.choice(N_NODES, 2, replace=False)) for _ in range(15)]
    edges = edges + [(b, a) for a, b in edges]
    edge_index = torch.tensor(np.array(edges).T, dtype=torch.long)
    edge_weight = torch.ones(edge_index.shape[1])
    adj = np.zeros((N_NODES, N_NODES))
    adj[edge_index[0].numpy(), edge_index[1].numpy()] = 1.0
    adj = adj / adj.sum(1, keepdims=True)
    level = np.random.uniform(-1.5, 1.5, N_NODES)          # county-specific incidence level
    series = np.zeros((N_WEEKS + LAGS + 1, N_NODES))
    series[0] = level
    for t in range(1, len(series)):
        season = 0.4 * np.sin(2 * np.pi * t / 52)
        series[t] = (0.5 * series[t - 1] + 0.2 * adj @ series[t - 1] + 0.3 * level + season
                     + 0.1 * np.random.randn(N_NODES))
    snapshots = []
    for t in range(LAGS, LAGS + N_WEEKS):
        x = torch.tensor(series[t - LAGS:t].T, dtype=torch.float)     # [N, LAGS]
        y = torch.tensor(series[t], dtype=torch.float)                # [N]
        snapshots.append(Snapshot(x, edge_index, edge_weight, y))
    return snapshots


class GraphConv(torch.nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.lin = torch.nn.Linear(in_channels, out_channels)
        self.root = torch.nn.Linear(in_channels, out_channels, bias=False)

    def forward(self, x, edge_index, edge_weight):
        src, dst = edge_index
        deg = torch.zeros(x.size(0)).index_add_(0, dst, edge_weight)
        msg = self.lin(x)[src] * (edge_weight / deg[dst]).unsqueeze(-1)
        out = torch.zeros(x.size(0), msg.size(1)).index_add_(0, dst, msg)
        return out + self.root(x)


class RecurrentGCN(torch.nn.Module):
    def __init__(self, node_features):
        super(RecurrentGCN, self).__init__()
        self.recurrent = GraphConv(node_features, 32)
        self.linear = torch.nn.Linear(32, 1)

    def forward(self, x, edge_index, edge_weight):
        h = self.recurrent(x, edge_index, edge_weight)
        h = F.relu(h)
        h = self.linear(h)
        return h


train_dataset = load_dataset()
model = RecurrentGCN(node_features=LAGS)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

model.train()
for epoch in range(150):
    cost = 0
    for time, snapshot in enumerate(train_dataset):
        y_hat = model(snapshot.x, snapshot.edge_index, snapshot.edge_weight).reshape(-1)
        cost = cost + torch.mean((y_hat - snapshot.y) ** 2)
    cost = cost / (time + 1)
    cost.backward()
    optimizer.step()
    optimizer.zero_grad()
    if epoch % 50 == 0:
        print("epoch", epoch, "cost", round(cost.item(), 4))

model.eval()
with torch.no_grad():
    preds = torch.cat([model(s.x, s.edge_index, s.edge_weight).reshape(-1) for s in train_dataset])
    ys = torch.cat([s.y for s in train_dataset])
r2 = 1 - torch.mean((preds - ys) ** 2).item() / torch.var(ys, unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
