# Rebuilt from: https://github.com/KanishJebaMathewM/Truxify/issues/16128
# Report: "GNN node and edge features use inconsistent numerical scales": the road-network builder feeds raw
#   latitude/longitude next to partly normalized traffic values, and edge attributes (distance, travel time,
#   cost) on very different ranges, with no training-derived normalization step before the model.
# Bug (planted: TL002): node features (lat, lon, raw vehicle counts) and edge features (metres, seconds,
#   rupees) go straight into the message-passing network; with SGD the training diverges/stalls.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

rng = np.random.default_rng(7)
torch.manual_seed(7)


def build_road_network(n_nodes=250, n_edges=900):
    nodes = pd.DataFrame({
        "lat": 12.9 + rng.normal(0, 0.05, n_nodes),
        "lng": 77.6 + rng.normal(0, 0.05, n_nodes),
        "vehicles_per_hour": rng.gamma(4.0, 400.0, n_nodes),
        "speed_limit": rng.choice([30.0, 50.0, 80.0], n_nodes),
    })
    src = rng.integers(0, n_nodes, n_edges)
    dst = rng.integers(0, n_nodes, n_edges)
    dist_m = np.hypot(nodes.lat.values[src] - nodes.lat.values[dst],
                      nodes.lng.values[src] - nodes.lng.values[dst]) * 111000 + 50
    edges = pd.DataFrame({"src": src, "dst": dst, "distance_m": dist_m,
                          "time_s": dist_m / rng.uniform(5, 20, n_edges),
                          "toll_inr": rng.choice([0.0, 25.0, 60.0], n_edges)})
    # target: average speed at the junction (km/h), congestion from own + upstream traffic
    up = np.zeros(n_nodes)
    np.add.at(up, dst, nodes.vehicles_per_hour.values[src] / (1 + dist_m / 1000))
    speed = nodes.speed_limit.values * np.exp(-nodes.vehicles_per_hour.values / 3000 - up / 8000)
    nodes["avg_speed"] = speed + rng.normal(0, 1.5, n_nodes)
    return nodes, edges


class EdgeMPNN(nn.Module):
    def __init__(self, node_dim, edge_dim, hidden=32):
        super().__init__()
        self.node_in = nn.Linear(node_dim, hidden)
        self.msg = nn.Sequential(nn.Linear(hidden + edge_dim, hidden), nn.ReLU())
        self.upd = nn.Sequential(nn.Linear(2 * hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, x, edge_index, edge_attr):
        h = torch.relu(self.node_in(x))
        m = self.msg(torch.cat([h[edge_index[0]], edge_attr], dim=1))
        agg = torch.zeros(h.size(0), m.size(1)).index_add_(0, edge_index[1], m)
        return self.upd(torch.cat([h, agg], dim=1)).squeeze(-1)


nodes, edges = build_road_network()
node_cols = ["lat", "lng", "vehicles_per_hour", "speed_limit"]
edge_cols = ["distance_m", "time_s", "toll_inr"]
x = torch.tensor(nodes[node_cols].values, dtype=torch.float32)
edge_attr = torch.tensor(edges[edge_cols].values, dtype=torch.float32)
edge_index = torch.tensor(edges[["src", "dst"]].values.T, dtype=torch.long)
y = torch.tensor(nodes["avg_speed"].values, dtype=torch.float32)

model = EdgeMPNN(len(node_cols), len(edge_cols))
opt = torch.optim.SGD(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
for epoch in range(400):
    opt.zero_grad()
    loss = loss_fn(model(x, edge_index, edge_attr), y)
    loss.backward()
    opt.step()
    if epoch % 100 == 0:
        print(f"epoch {epoch} mse {loss.item():.3f}")

with torch.no_grad():
    pred = model(x, edge_index, edge_attr)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
