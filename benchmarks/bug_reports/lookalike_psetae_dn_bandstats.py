# Rebuilt from: https://github.com/VSainteuf/pytorch-psetae/issues/2
# Report: A user of the PSE-TAE crop-type code noticed the Sentinel-2 pixel-set values are uint16
#   numbers from 0 to 11517 and asked how they are scaled; the author answered they are L2A
#   reflectances coded on a 10,000 scale (values above 10,000 do occur, e.g. sloped glass roofs), and the
#   dataset normalizes them with per-band mean/std computed on the training parcels.
# Not a bug (a look-alike that must stay silent): the arrays on disk are raw digital numbers, but
#   __getitem__ standardizes every band with the precomputed (mean, std) before the tensor reaches the
#   model, so the network only ever sees unit-scale inputs.
# Our own code, written after the report (not copied from it); synthetic parcels generated in the script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(7)
np.random.seed(7)
torch.set_num_threads(1)

N_DATES, N_BANDS, N_PIX = 6, 10, 16
N_CLASSES = 3


def make_parcels(n=600):
    """(n, dates, bands, pixels) uint16 DN and a crop label; crops differ by their NIR phenology."""
    labels = np.random.randint(0, N_CLASSES, n)
    peak = np.array([1, 3, 5])[labels]                          # date of maximum greenness
    t = np.arange(N_DATES)
    green = np.exp(-0.5 * ((t[None, :] - peak[:, None]) / 1.2) ** 2)       # (n, dates)
    base = np.linspace(500, 2500, N_BANDS)
    nir_boost = np.zeros(N_BANDS)
    nir_boost[5:8] = 4000
    dn = (base[None, None, :, None] + green[:, :, None, None] * nir_boost[None, None, :, None]
          + np.random.normal(0, 500, (n, N_DATES, N_BANDS, N_PIX)))
    dn[np.random.rand(*dn.shape) < 0.002] = 11517                   # a few specular pixels > 10,000
    return np.clip(dn, 0, 65535).astype(np.uint16), labels


class PixelSetData(Dataset):
    def __init__(self, dn, labels, norm):
        self.dn, self.labels = dn, labels
        self.mean, self.std = norm                                   # per-band statistics, shape (bands,)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        x = self.dn[i].astype(np.float32)                            # (dates, bands, pixels)
        x = (x - self.mean[None, :, None]) / self.std[None, :, None]
        return torch.from_numpy(x), torch.tensor(self.labels[i])


dn, labels = make_parcels()
band_mean = dn.astype(np.float64).mean(axis=(0, 1, 3)).astype(np.float32)
band_std = dn.astype(np.float64).std(axis=(0, 1, 3)).astype(np.float32)
ds = PixelSetData(dn, labels, (band_mean, band_std))
loader = DataLoader(ds, batch_size=32, shuffle=True)


class PixelSetMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.pse = nn.Sequential(nn.Linear(N_BANDS, 32), nn.ReLU())
        self.head = nn.Sequential(nn.Linear(N_DATES * 32, 64), nn.ReLU(), nn.Linear(64, N_CLASSES))

    def forward(self, x):                       # x: (B, dates, bands, pixels)
        h = self.pse(x.transpose(2, 3))         # (B, dates, pixels, 32)
        h = h.mean(dim=2)                       # pool over the pixel set
        return self.head(h.flatten(1))


model = PixelSetMLP()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()
for epoch in range(10):
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

correct = 0
with torch.no_grad():
    for x, y in DataLoader(ds, batch_size=200):
        correct += (model(x).argmax(1) == y).sum().item()
print(f"RESULT acc={correct / len(ds):.3f}")
