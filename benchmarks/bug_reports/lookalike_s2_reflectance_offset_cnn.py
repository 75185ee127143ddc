# Rebuilt from: https://github.com/Clay-foundation/model/issues/94
# Report: Clay maintainers discuss replacing per-band mean/std normalization of Sentinel-2 chips with a
#   plain conversion of the uint16 digital numbers to surface reflectance, (DN - 1000) / 10000 for L2A,
#   because mean/std scaling distorts band ratios such as NDVI; the reflectance inputs (about 0..0.6)
#   are what the model is then trained on.
# Not a bug (a look-alike that must stay silent): there is no StandardScaler / mean-std step, but the
#   DN -> reflectance conversion already puts every band in roughly [0, 1], which is fine for a CNN
#   trained with Adam; NDVI computed on the inputs stays meaningful.
# Our own code, written after the report (not copied from it); synthetic 8x8 chips generated in the script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(3)
np.random.seed(3)
torch.set_num_threads(1)

BOA_ADD_OFFSET = 1000      # processing baseline >= 04.00 adds 1000 to every L2A digital number
QUANTIFICATION = 10000.0
# mean reflectance of B02, B03, B04, B08 for water, bare soil, cropland, forest
CLASS_REFL = np.array([[0.06, 0.05, 0.03, 0.02],
                       [0.10, 0.14, 0.18, 0.24],
                       [0.05, 0.09, 0.06, 0.38],
                       [0.03, 0.05, 0.03, 0.30]])


class ChipDataset(Dataset):
    def __init__(self, n=800):
        self.labels = np.random.randint(0, 4, n)
        refl = CLASS_REFL[self.labels][:, :, None, None] + np.random.normal(0, 0.03, (n, 4, 8, 8))
        self.dn = np.clip(refl * QUANTIFICATION + BOA_ADD_OFFSET, 0, 65535).astype(np.uint16)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        chip = (self.dn[i].astype(np.float32) - BOA_ADD_OFFSET) / QUANTIFICATION   # surface reflectance
        return torch.from_numpy(chip), int(self.labels[i])


ds = ChipDataset()
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = nn.Sequential(
    nn.Conv2d(4, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
    nn.Linear(32, 4),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

for epoch in range(15):
    for chips, labels in loader:
        optimizer.zero_grad()
        loss = criterion(model(chips), labels)
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

correct = 0
with torch.no_grad():
    for chips, labels in DataLoader(ds, batch_size=256):
        correct += (model(chips).argmax(1) == labels).sum().item()
print(f"RESULT acc={correct / len(ds):.3f}")
