# Rebuilt from: https://reinvantveer.github.io/2017/09/04/coordinate-normalization.html
# Report: Learning geometry tasks (centroid distance / intersection of BRT vs OSM building pairs) from raw
#   coordinates: the learning task works on a decimeter level, but the data spans hundreds of kilometers (Dutch RD
#   meters), a scale problem of ~1e6, and the network does not learn. Fix in the post: give every record its own
#   local (0, 0) origin before feeding the network.
# Fixed twin of 260_rd_centroid_distance.py: each record gets a local origin (subtract its BRT centroid) before it is fed to the MLP
# Our own code, written after the report (not copied from it); synthetic building-pair table generated in the script.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)


def load_pairs(n=512):
    brt_x = np.random.uniform(13_000, 278_000, n)
    brt_y = np.random.uniform(306_000, 620_000, n)
    ang = np.random.uniform(0, 2 * np.pi, n)
    dist = np.random.gamma(2.0, 1.5, n)                       # metres between the two centroids
    df = pd.DataFrame({"brt_x": brt_x, "brt_y": brt_y,
                       "osm_x": brt_x + dist * np.cos(ang), "osm_y": brt_y + dist * np.sin(ang)})
    df["centroid_distance"] = np.hypot(df.osm_x - df.brt_x, df.osm_y - df.brt_y)
    return df


class CentroidDistanceNet(nn.Module):
    """Predicts the distance as a gaussian: returns (mu, sigma)."""
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.mu = nn.Linear(64, 1)
        self.log_sigma = nn.Linear(64, 1)

    def forward(self, x):
        h = self.body(x)
        return self.mu(h), torch.exp(self.log_sigma(h)).clamp(min=1e-3)


df = load_pairs()
coords = df[["brt_x", "brt_y", "osm_x", "osm_y"]].values
base = np.repeat(coords[:, 0:2], 2, axis=0).reshape(-1, 4)    # localized (0, 0) origin for every record
coords = coords - base
X = torch.tensor(coords, dtype=torch.float32)
y = torch.tensor(df[["centroid_distance"]].values, dtype=torch.float32)

loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
model = CentroidDistanceNet()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(40):
    for xb, yb in loader:
        mu, sigma = model(xb)
        loss = F.gaussian_nll_loss(mu, yb, sigma ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch} nll {loss.item():.3f}")

with torch.no_grad():
    mu, _ = model(X)
r2 = 1 - ((mu - y) ** 2).mean().item() / y.var().item()
print(f"RESULT r2={r2:.3f}")
