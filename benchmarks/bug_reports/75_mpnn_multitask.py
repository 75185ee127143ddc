# Rebuilt from: https://github.com/coleygroup/molpal/issues/9
# Report: Training a multi-task MPNN regression (num_tasks=2) on a (10000, 2) target array printed
#   "Using a target size (torch.Size([50, 1, 2])) that is different to the input size
#   (torch.Size([50, 2]))" for both the loss and the rmse metric, followed by an error.
# Bug (planted: TL001): MolDataset.__getitem__ wraps the 2-task target in an extra list, so batches of
#   targets are (B,1,2) while the model predicts (B,2); F.mse_loss broadcasts them to (B,B,2).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

np.random.seed(4); torch.manual_seed(4)
torch.set_num_threads(1)
MAX_ATOMS, N_TYPES = 14, 4
ATOM_W = np.array([0.5, -0.8, 1.2, 0.1])      # per-atom-type contribution to task 0


def make_molecules(n=500):
    mols, targets = [], []
    for _ in range(n):
        k = np.random.randint(5, MAX_ATOMS + 1)
        types = np.random.randint(0, N_TYPES, k)
        adj = np.zeros((MAX_ATOMS, MAX_ATOMS), np.float32)
        for i in range(1, k):                        # random tree + a few ring closures
            j = np.random.randint(0, i); adj[i, j] = adj[j, i] = 1
        for _ in range(np.random.randint(0, 3)):
            i, j = np.random.randint(0, k, 2)
            if i != j: adj[i, j] = adj[j, i] = 1
        deg = adj.sum(1)[:k]
        t0 = ATOM_W[types].sum() + 0.2 * adj.sum() / 2
        t1 = ((types == 2) & (deg >= 2)).sum() + 0.5 * ((types == 1) & (deg == 1)).sum()
        feats = np.zeros((MAX_ATOMS, N_TYPES + 1), np.float32)
        feats[np.arange(k), types] = 1; feats[:k, -1] = deg / 4
        mask = np.zeros(MAX_ATOMS, np.float32); mask[:k] = 1
        mols.append((feats, adj, mask)); targets.append([t0, t1])
    targets = np.array(targets, np.float32)
    return mols, (targets - targets.mean(0)) / targets.std(0)


class MolDataset(Dataset):
    def __init__(self, mols, targets):
        self.mols, self.targets = mols, targets

    def __len__(self):
        return len(self.mols)

    def __getitem__(self, i):
        feats, adj, mask = self.mols[i]
        y = torch.tensor([self.targets[i]], dtype=torch.float32)
        return torch.from_numpy(feats), torch.from_numpy(adj), torch.from_numpy(mask), y


class MPNN(nn.Module):
    def __init__(self, hidden=64, depth=3, num_tasks=2):
        super().__init__()
        self.embed = nn.Linear(N_TYPES + 1, hidden)
        self.msg = nn.ModuleList([nn.Linear(hidden, hidden) for _ in range(depth)])
        self.upd = nn.ModuleList([nn.Linear(2 * hidden, hidden) for _ in range(depth)])
        self.ffn = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, num_tasks))

    def forward(self, feats, adj, mask):
        h = F.relu(self.embed(feats))
        for msg, upd in zip(self.msg, self.upd):
            m = torch.bmm(adj, msg(h))                        # sum over bonded neighbours
            h = F.relu(upd(torch.cat([h, m], -1))) * mask.unsqueeze(-1)
        return self.ffn(h.sum(1))                              # (B, num_tasks)


mols, targets = make_molecules()
loader = DataLoader(MolDataset(mols, targets.tolist()), batch_size=50, shuffle=True)
model = MPNN()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(40):
    for feats, adj, mask, y in loader:
        loss = F.mse_loss(model(feats, adj, mask), y)
        opt.zero_grad(); loss.backward(); opt.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    X = [torch.from_numpy(np.stack(z)) for z in zip(*mols)]
    pred = model(*X)
Y = torch.from_numpy(targets)
r2 = 1 - ((pred - Y) ** 2).mean(0) / Y.var(0)
print(f"RESULT r2={r2.mean().item():.3f}")
