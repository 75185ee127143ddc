# Rebuilt from: https://www.book-ai.org/books/predictive-maintenance/chapter-04/section-01
# Report: predictive-maintenance book section "Why Normalization Matters" on C-MAPSS: raw sensor ranges
#   are T30 ~1600 degR, P30 ~550 psia, Nc ~9000 rpm, BPR ~8; "without normalization, training can fail
#   or converge slowly" because the large-valued sensors dominate the gradients.
# Bug (planted: TL002): EngineDataset hands the raw per-cycle sensor snapshot to the MLP (Trainer.fit,
#   plain SGD); the 9000-rpm / 1600-degR columns make the updates explode and the loss goes to nan.
# Our own code, written after the report (not copied from it); turbofan-like snapshots generated below.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.set_num_threads(1)
torch.manual_seed(1)
rng = np.random.default_rng(1)

COLS = ["T30_degR", "P30_psia", "Nc_rpm", "BPR", "phi"]


def simulate_fleet(n_engines=30):
    feats, rul = [], []
    for _ in range(n_engines):
        life = rng.integers(150, 280)
        c = np.arange(1, life + 1)
        h = (c / life) ** 1.5
        T30 = 1585 + 15 * h + rng.normal(0, 5, life)
        P30 = 554 - 4 * h + rng.normal(0, 0.8, life)
        Nc = 9045 + 50 * h + rng.normal(0, 18, life)
        BPR = 8.40 + 0.12 * h + rng.normal(0, 0.03, life)
        phi = 521.8 - 3 * h + rng.normal(0, 0.6, life)
        feats.append(np.column_stack([T30, P30, Nc, BPR, phi]))
        rul.append(np.minimum(life - c, 125))
    return np.vstack(feats).astype(np.float32), np.concatenate(rul).astype(np.float32)


class EngineDataset(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return torch.from_numpy(self.X[i]), torch.tensor([self.y[i]])


class Trainer:
    def __init__(self, model, lr=1e-3):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr)
        self.crit = nn.MSELoss()

    def fit(self, loader, epochs):
        for ep in range(epochs):
            total = 0.0
            for xb, yb in loader:
                self.opt.zero_grad()
                loss = self.crit(self.model(xb), yb)
                loss.backward()
                self.opt.step()
                total += loss.item() * len(xb)
            print(f"epoch {ep}: mse {total / len(loader.dataset):.2f}")


X, y = simulate_fleet()
ds = EngineDataset(X, y)
loader = DataLoader(ds, batch_size=64, shuffle=True)
model = nn.Sequential(nn.Linear(len(COLS), 40), nn.ReLU(), nn.Linear(40, 40), nn.ReLU(), nn.Linear(40, 1))
Trainer(model).fit(loader, epochs=12)

with torch.no_grad():
    pred = model(torch.from_numpy(X)).squeeze(1)
yt = torch.from_numpy(y)
r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
