# Rebuilt from: https://github.com/pyg-team/pytorch_geometric/issues/2112
# Report: "Question about mini-batching / batch size": a GCNConv + global_mean_pool graph regressor with
#   one scalar y per graph (Data(..., y=torch.tensor(i))); the test loss per example changes with the test
#   DataLoader batch size -- the bigger the batch, the higher the loss -- all other things equal.
# Bug (planted: TL001): the pooled head returns [num_graphs, 1] while the batched data.y is [num_graphs];
#   F.mse_loss broadcasts to [B, B], so training fits every graph to the batch-mean target and the reported
#   loss depends on the batch size.
# Our own code, written after the report (not copied from it); small random molecule-like graphs with a
#   hand-written GCN layer, mean pooling and collate function instead of torch_geometric.
import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

torch.manual_seed(0)
np.random.seed(0)

class Data:
    def __init__(self, **kw):
        self.__dict__.update(kw)

def collate(data_list):                       # like torch_geometric's Batch.from_data_list
    sizes = torch.tensor([d.x.size(0) for d in data_list])
    offsets = torch.cumsum(sizes, 0) - sizes
    return Data(x=torch.cat([d.x for d in data_list]),
                edge_index=torch.cat([d.edge_index + o for d, o in zip(data_list, offsets)], 1),
                batch=torch.repeat_interleave(torch.arange(len(data_list)), sizes),
                y=torch.stack([d.y for d in data_list]), num_graphs=len(data_list))

def random_graph():
    n = np.random.randint(3, 9)
    edges = [(i, np.random.randint(0, i)) for i in range(1, n)]          # random tree
    ei = torch.tensor(np.array(edges + [(b, a) for a, b in edges]).T, dtype=torch.long)
    x = torch.rand(n, 2)
    deg = torch.bincount(ei[0], minlength=n).float()
    y = (x[:, 0] * deg).mean() * 4 + x[:, 1].mean() * 2                  # graph-level property
    return Data(x=x, edge_index=ei, y=torch.tensor(float(y), dtype=torch.float))

def gcn_norm_aggregate(x, edge_index):
    n = x.size(0)
    src, dst = torch.cat([edge_index[0], torch.arange(n)]), torch.cat([edge_index[1], torch.arange(n)])
    deg = torch.bincount(dst, minlength=n).float()
    w = deg[src].rsqrt() * deg[dst].rsqrt()
    return torch.zeros_like(x).index_add_(0, dst, x[src] * w.unsqueeze(-1))

class GCNConv(torch.nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.lin = torch.nn.Linear(in_channels, out_channels)

    def forward(self, x, edge_index):
        return gcn_norm_aggregate(self.lin(x), edge_index)

def global_mean_pool(x, batch, size):
    out = torch.zeros(size, x.size(1)).index_add_(0, batch, x)
    return out / torch.bincount(batch, minlength=size).clamp(min=1).unsqueeze(-1).float()

class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2, self.lin = GCNConv(2, 32), GCNConv(32, 32), torch.nn.Linear(32, 1)

    def forward(self, data):
        x = F.relu(self.conv1(data.x, data.edge_index))
        x = F.relu(self.conv2(x, data.edge_index))
        x = global_mean_pool(x, data.batch, data.num_graphs)
        return self.lin(x)

data_list = [random_graph() for _ in range(600)]
train_loader = DataLoader(data_list, batch_size=32, shuffle=True, collate_fn=collate)
model = Net()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

def test(loader):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for data in loader:
            total += F.mse_loss(model(data), data.y).item() * data.num_graphs
    return total / len(loader.dataset)

for epoch in range(60):
    model.train()
    for data in train_loader:
        optimizer.zero_grad()
        loss = F.mse_loss(model(data), data.y)
        loss.backward()
        optimizer.step()
    if epoch % 20 == 0:
        print("epoch", epoch, "loss", round(loss.item(), 4))

for bs in (1, 16, 128):
    print("test batch size", bs, "loss per example", round(test(DataLoader(data_list, batch_size=bs, collate_fn=collate)), 4))

model.eval()
with torch.no_grad():
    full = collate(data_list)
    preds = model(full).reshape(-1)
r2 = 1 - torch.mean((preds - full.y) ** 2).item() / torch.var(full.y, unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
