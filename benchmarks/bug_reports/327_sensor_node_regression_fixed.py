# Rebuilt from: https://github.com/pyg-team/pytorch_geometric/issues/3794
# Report: User asked how to do node regression with a GCN instead of node classification. The maintainer
#   answered that the GNN now maps to one scalar per node, `out` has shape [num_nodes, 1], and the loss is
#   F.mse_loss(out.squeeze(), data.y.squeeze()) -- the squeeze is what keeps the shapes aligned.
# Fixed twin of 327_sensor_node_regression.py: loss uses out.squeeze() against y, as in the answer
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# ---- a road-sensor graph: 300 sensors on a ring road with some shortcuts ----
N = 300
src = torch.arange(N)
dst = (src + 1) % N
extra_src = torch.randint(0, N, (200,))
extra_dst = torch.randint(0, N, (200,))
edge_index = torch.cat([torch.stack([src, dst]), torch.stack([extra_src, extra_dst])], dim=1)
edge_index = torch.cat([edge_index, edge_index.flip(0)], dim=1)   # undirected

# node features (already scaled): occupancy, flow/1000, lanes/4, hour sin/cos
x = torch.rand(N, 5)
speed = 60 - 35 * x[:, 0] + 10 * x[:, 2] + 5 * torch.sin(6.28 * x[:, 3]) + torch.randn(N)
y = (speed - speed.mean()) / speed.std()      # shape [N]


def gcn_norm(edge_index, num_nodes):
    loops = torch.arange(num_nodes)
    ei = torch.cat([edge_index, torch.stack([loops, loops])], dim=1)
    deg = torch.zeros(num_nodes).index_add_(0, ei[1], torch.ones(ei.size(1)))
    w = deg[ei[0]].rsqrt() * deg[ei[1]].rsqrt()
    return ei, w


class GCNLayer(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.lin = nn.Linear(cin, cout)

    def forward(self, x, ei, w):
        h = self.lin(x)
        out = torch.zeros_like(h)
        out.index_add_(0, ei[1], h[ei[0]] * w.unsqueeze(-1))
        return out


class GCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = GCNLayer(5, 32)
        self.conv2 = GCNLayer(32, 32)
        self.head = nn.Linear(32, 1)

    def forward(self, x, ei, w):
        h = F.relu(self.conv1(x, ei, w))
        h = F.relu(self.conv2(h, ei, w))
        return self.head(h)              # [num_nodes, 1]


ei, w = gcn_norm(edge_index, N)
model = GCN()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(300):
    opt.zero_grad()
    out = model(x, ei, w)
    loss = F.mse_loss(out.squeeze(), y.squeeze())
    loss.backward()
    opt.step()
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(x, ei, w).view(-1)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
