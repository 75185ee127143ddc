# Rebuilt from: https://github.com/pgniewko/gt-pyg/pull/50
# Report: Molecular-property graph transformer (SMILES -> graph, pKi / ADME endpoints). Each graph stored its label
#   as y of shape [T]; after PyG-style batching the labels came out as [B] while the model head returns [B, T=1],
#   so the loss silently broadcast. PR changes y to shape [1, T] so batching gives [B, T] matching the output.
# Fixed twin of 279_molgraph_label_shape.py: y stored as torch.tensor([[y_val]]) (shape [1, T]) so batching gives [B, 1].
# Our own code, written after the report (not copied from it); molecules are random toy graphs built in the script.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

ATOM_TYPES = ["C", "N", "O", "S", "F", "Cl", "Br", "P"]
# made-up group contributions to a logS-like endpoint
CONTRIB = {"C": -0.35, "N": 0.45, "O": 0.60, "S": -0.20, "F": -0.15, "Cl": -0.55, "Br": -0.70, "P": 0.10}


def random_molecule():
    n = np.random.randint(6, 28)
    atoms = np.random.choice(ATOM_TYPES, size=n, p=[0.55, 0.12, 0.15, 0.04, 0.05, 0.04, 0.02, 0.03])
    bonds = [(i, i + 1) for i in range(n - 1)]
    for _ in range(n // 5):                      # a few ring closures
        a, b = np.random.randint(0, n, size=2)
        if abs(a - b) > 2:
            bonds.append((a, b))
    return atoms, bonds


def get_tensor_data(n_mols):
    data_list = []
    for _ in range(n_mols):
        atoms, bonds = random_molecule()
        x = torch.zeros(len(atoms), len(ATOM_TYPES) + 1)
        for i, a in enumerate(atoms):
            x[i, ATOM_TYPES.index(a)] = 1.0
        deg = np.zeros(len(atoms))
        for a, b in bonds:
            deg[a] += 1
            deg[b] += 1
        x[:, -1] = torch.tensor(deg / 4.0, dtype=torch.float)
        src = [a for a, b in bonds] + [b for a, b in bonds]
        dst = [b for a, b in bonds] + [a for a, b in bonds]
        edge_index = torch.tensor([src, dst], dtype=torch.long)
        y_val = sum(CONTRIB[a] for a in atoms) / np.sqrt(len(atoms)) + 0.1 * np.random.randn()
        y = torch.tensor([[y_val]], dtype=torch.float)        # shape [1, T] with T = 1
        data_list.append({"x": x, "edge_index": edge_index, "y": y})
    return data_list


def collate_graphs(items):
    # mimics torch_geometric's Batch.from_data_list: node tensors and labels are concatenated on dim 0
    xs, eis, ys, batch = [], [], [], []
    offset = 0
    for g, d in enumerate(items):
        xs.append(d["x"])
        eis.append(d["edge_index"] + offset)
        ys.append(d["y"])
        batch.append(torch.full((d["x"].size(0),), g, dtype=torch.long))
        offset += d["x"].size(0)
    return torch.cat(xs), torch.cat(eis, dim=1), torch.cat(batch), torch.cat(ys, dim=0)


class TinyGNN(nn.Module):
    def __init__(self, in_dim, hidden=64):
        super().__init__()
        self.lin_in = nn.Linear(in_dim, hidden)
        self.lin_msg = nn.Linear(hidden, hidden)
        self.head = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, x, edge_index, batch, num_graphs):
        h = torch.relu(self.lin_in(x))
        agg = torch.zeros_like(h).index_add_(0, edge_index[1], h[edge_index[0]])
        h = torch.relu(h + self.lin_msg(agg))
        pooled = torch.zeros(num_graphs, h.size(1)).index_add_(0, batch, h)
        counts = torch.bincount(batch, minlength=num_graphs).clamp(min=1).unsqueeze(1).float()
        return self.head(pooled / counts)            # [B, 1]


train_data = get_tensor_data(300)
loader = DataLoader(train_data, batch_size=25, shuffle=True, collate_fn=collate_graphs)
model = TinyGNN(len(ATOM_TYPES) + 1)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.MSELoss()

for epoch in range(25):
    model.train()
    total = 0.0
    for x, edge_index, batch, y in loader:
        optimizer.zero_grad()
        out = model(x, edge_index, batch, int(batch.max()) + 1)
        loss = criterion(out, y)
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 10 == 0:
        print(f"epoch {epoch:3d}  train loss {total / len(loader):.4f}")

model.eval()
eval_loader = DataLoader(train_data, batch_size=128, shuffle=False, collate_fn=collate_graphs)
preds, targets = [], []
with torch.no_grad():
    for x, edge_index, batch, y in eval_loader:
        preds.append(model(x, edge_index, batch, int(batch.max()) + 1).reshape(-1))
        targets.append(y.reshape(-1))
preds, targets = torch.cat(preds), torch.cat(targets)
r2 = 1 - torch.mean((preds - targets) ** 2) / torch.var(targets, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
