# Rebuilt from: https://github.com/ESAOpenSR/SEN2SR/issues/3
# Report: A user fed their own Sentinel-2 10 m/20 m bands to the network and got garbage output
#   images; they found the cause was that the band stack was not divided by 10,000. The maintainer
#   explains S2 L2A is delivered as uint16 digital numbers = reflectance * 10,000, so the network
#   expects 0..1 reflectance.
# Fixed twin of 296_sentinel2_dn_mlp.py: the band stack is divided by 10,000 (digital numbers -> surface
#   reflectance 0..1) in load_pixels(), as the maintainer says; nothing else changed.
# Our own code, written after the report (not copied from it); synthetic pixels generated in the script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

BANDS = ["B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12"]


def fake_scene(n_pix=3000):
    """uint16 digital numbers per band, like a clipped L2A tile, plus a field-measured LAI per pixel."""
    veg = np.random.rand(n_pix)                       # vegetation fraction
    soil = np.random.rand(n_pix)
    refl = {
        "B02": 0.03 + 0.05 * soil - 0.01 * veg, "B03": 0.05 + 0.06 * soil + 0.02 * veg,
        "B04": 0.04 + 0.10 * soil - 0.03 * veg, "B05": 0.08 + 0.08 * soil + 0.06 * veg,
        "B06": 0.10 + 0.06 * soil + 0.20 * veg, "B07": 0.11 + 0.06 * soil + 0.26 * veg,
        "B08": 0.12 + 0.06 * soil + 0.30 * veg, "B8A": 0.13 + 0.06 * soil + 0.30 * veg,
        "B11": 0.15 + 0.12 * soil - 0.02 * veg, "B12": 0.10 + 0.12 * soil - 0.04 * veg,
    }
    bands_data = {}
    for k, r in refl.items():
        r = r + np.random.normal(0, 0.004, n_pix)
        bands_data[k] = np.clip(r * 10000, 1, 10000).astype(np.uint16)
    ndvi = (refl["B08"] - refl["B04"]) / (refl["B08"] + refl["B04"])
    lai = 6.0 * ndvi ** 2 + 0.5 * veg + np.random.normal(0, 0.1, n_pix)
    return bands_data, lai.astype("float32")


def load_pixels():
    bands_data, lai = fake_scene()
    band_list = [bands_data[k] for k in BANDS]
    X = (np.stack(band_list, axis=1) / 10000).astype("float32")  # (n_pix, 10) reflectance
    X = torch.nan_to_num(torch.from_numpy(X), nan=0.0)
    y = torch.from_numpy(lai).unsqueeze(1)                     # (n_pix, 1)
    return X, y


X, y = load_pixels()
loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
model = nn.Sequential(nn.Linear(len(BANDS), 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

for epoch in range(40):
    running = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.item() * len(xb)
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {running / len(X):.4f}")

with torch.no_grad():
    pred = model(X)
r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
