# Rebuilt from: https://github.com/thanhhau097/google_fast_or_slow/pull/1
# Report: Kaggle "Google - Fast or Slow?" project. Training on the layout collection, the loss sat at ~7500
#   for 15 epochs (7533, 7534, 7611, 7453, 7612 ...) and did not go down. The PR "adds normalisation for
#   layout" (a MinMaxScaler over the layout features) and says the loss started converging after it.
# Fixed twin of 346_tpu_layout_runtime.py: build_datasets() fits a MinMaxScaler on the layout features and the
#   dataset is built from the scaled features (the PR fix).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.preprocessing import MinMaxScaler

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

FEATURES = ["num_nodes", "num_params", "output_bytes", "flops", "max_dim", "tile_x", "tile_y", "is_fused"]


def load_layout_table(n=800):
    rng = np.random.default_rng(0)
    num_nodes = rng.uniform(100, 12000, n)
    num_params = rng.uniform(1e4, 5e7, n)
    output_bytes = rng.uniform(1e5, 4e8, n)
    flops = rng.uniform(1e6, 2e9, n)
    max_dim = rng.integers(8, 4097, n).astype(float)
    tile_x = rng.integers(1, 9, n).astype(float)
    tile_y = rng.integers(1, 9, n).astype(float)
    is_fused = rng.integers(0, 2, n).astype(float)
    X = np.stack([num_nodes, num_params, output_bytes, flops, max_dim, tile_x, tile_y, is_fused], 1)
    # runtime in microseconds-ish units
    runtime = (40 * flops / 2e9 + 30 * output_bytes / 4e8 + 15 * num_nodes / 12000
               + 25 * np.abs(tile_x - tile_y) / 7 - 10 * is_fused + 20 * np.sin(max_dim / 700)
               + 60 + rng.normal(0, 2, n))
    return X.astype(np.float32), runtime.astype(np.float32)


class LayoutDataset(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return torch.from_numpy(self.X[i]), torch.tensor([self.y[i]])


def build_datasets():
    X, y = load_layout_table()
    X = MinMaxScaler().fit_transform(X).astype(np.float32)
    return LayoutDataset(X, y), X, y


class RuntimeMLP(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, x):
        return self.net(x)


def train(model, loader, epochs=25, lr=3e-3):
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    for ep in range(epochs):
        tot = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            tot += loss.item() * len(xb)
        if ep % 8 == 0:
            print(f"epoch {ep} loss {tot / len(loader.dataset):.2f}")


ds, X, y = build_datasets()
loader = DataLoader(ds, batch_size=64, shuffle=True)
model = RuntimeMLP(len(FEATURES))
train(model, loader)

with torch.no_grad():
    pred = model(torch.from_numpy(ds.X)).squeeze(1)
    yt = torch.from_numpy(ds.y)
    r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
