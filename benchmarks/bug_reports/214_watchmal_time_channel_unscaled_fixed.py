# Rebuilt from: https://github.com/WatChMaL/WatChMaL/pull/77
# Report: PR enabling regression of several quantities at once (vertex position, direction, energy) for water
#   Cherenkov events; it reworks per-target scale factors/offsets and the per-channel scaling of the PMT charge and
#   time inputs, calling these scalings important hyperparameters for the training to work across targets.
# Fixed twin of 214_watchmal_time_channel_unscaled.py: CHANNEL_SCALING also gets a "time" entry (offset 1000 ns, scale 50 ns)
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)

CHANNEL_SCALING = {"charge": {"offset": 0.0, "scale": 20.0}, "time": {"offset": 1000.0, "scale": 50.0}}
TARGET_SCALING = {"position": {"offset": 0.0, "scale": 300.0}, "energy": {"offset": 500.0, "scale": 300.0}}


def simulate_events(n=512, n_pmt=12):
    rng = np.random.default_rng(4)
    pos = rng.uniform(-300, 300, (n, 3))
    energy = rng.uniform(200, 800, n)
    pmt_xyz = rng.uniform(-400, 400, (n_pmt, 3))
    dist = np.linalg.norm(pos[:, None, :] - pmt_xyz[None], axis=2)
    charge = energy[:, None] / 40.0 * np.exp(-dist / 600.0) + rng.normal(0, 0.2, (n, n_pmt))
    time = 950.0 + dist / 4.0 + rng.normal(0, 1.0, (n, n_pmt))
    return {"charge": charge, "time": time}, {"position": pos, "energy": energy[:, None]}


class HitsDataset(Dataset):
    def __init__(self, channels, targets):
        feats = []
        for name, arr in channels.items():
            s = CHANNEL_SCALING.get(name, {"offset": 0.0, "scale": 1.0})
            feats.append((arr - s["offset"]) / s["scale"])
        self.x = np.concatenate(feats, axis=1).astype(np.float32)
        ys = [(targets[k] - TARGET_SCALING[k]["offset"]) / TARGET_SCALING[k]["scale"] for k in ("position", "energy")]
        self.y = np.concatenate(ys, axis=1).astype(np.float32)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return {"data": self.x[i], "target": self.y[i]}


channels, targets = simulate_events()
ds = HitsDataset(channels, targets)
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(ds.x.shape[1], 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 4))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
criterion = nn.MSELoss()

for epoch in range(30):
    for batch in loader:
        optimizer.zero_grad()
        loss = criterion(model(batch["data"]), batch["target"])
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    X = torch.from_numpy(ds.x)
    Y = torch.from_numpy(ds.y)
    pred = model(X)
    r2 = 1 - ((pred - Y) ** 2).mean() / ((Y - Y.mean(0)) ** 2).mean()
print(f"RESULT r2={r2.item():.3f}")
