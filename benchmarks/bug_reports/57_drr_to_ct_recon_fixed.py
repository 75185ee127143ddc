# Rebuilt from: https://github.com/LijunRio/Xrays_CT/issues/2
# Report: Training the X-ray(DRR)-to-CT ReconNet, `loss = criterion(outputs, ct)` warns "Using a target
#         size (torch.Size([1, 128, 128, 128])) that is different to the input size
#         (torch.Size([16, 128, 128, 128]))"; the extra 16 comes from the transform module's
#         features.view(-1, ...). Feeding 128x128 DRRs instead of 512x512 makes it run, but the
#         generated volumes are all black.
# Fixed twin of 57_drr_to_ct_recon.py: the dataset resizes each DRR to the 16x16 input the encoder was
#         built for (the report's fix: feed 128x128 instead of 512x512), so the output is (1, D, H, W).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(0)
VOL = 8          # CT volumes are VOL^3
RAW_DRR = 32     # resolution the DRRs were exported at


def make_case():
    zz, yy, xx = np.mgrid[0:VOL, 0:VOL, 0:VOL] / (VOL - 1)
    ct = np.zeros((VOL, VOL, VOL))
    for _ in range(int(rng.integers(1, 3))):
        c = rng.uniform(0.2, 0.8, size=3)
        r = rng.uniform(0.12, 0.3, size=3)
        ct += rng.uniform(0.5, 1.0) * np.exp(-(((zz - c[0]) / r[0]) ** 2 + ((yy - c[1]) / r[1]) ** 2
                                               + ((xx - c[2]) / r[2]) ** 2))
    drr = ct.sum(axis=0)                                   # project along depth
    drr = np.kron(drr, np.ones((RAW_DRR // VOL, RAW_DRR // VOL))) / VOL
    return drr.astype(np.float32), ct.astype(np.float32)


class MedReconDataset(Dataset):
    def __init__(self, n):
        self.cases = [make_case() for _ in range(n)]

    def __len__(self):
        return len(self.cases)

    def __getitem__(self, idx):
        drr, ct = self.cases[idx]
        drr = F.interpolate(torch.from_numpy(drr)[None, None], size=(16, 16), mode="area")[0]
        return {"drr": drr, "ct": torch.from_numpy(ct)}


class MiniReconNet(nn.Module):
    """Encoder built for 16x16 DRRs -> (16, 4, 4, 4) feature volume -> 3D decoder."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 4, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
            nn.Conv2d(16, 32, 4, stride=2, padding=1), nn.ReLU())
        self.trans_layer = nn.Sequential(nn.Conv2d(32, 64, 1), nn.ReLU())
        self.decoder = nn.Sequential(
            nn.ConvTranspose3d(16, 8, 4, stride=2, padding=1), nn.ReLU(),
            nn.Conv3d(8, 8, 3, padding=1), nn.ReLU(),
            nn.Conv3d(8, 1, 1))

    def forward(self, x):
        features = self.trans_layer(self.encoder(x))
        trans_features = features.view(-1, 16, 4, 4, 4)
        out = self.decoder(trans_features)
        return torch.squeeze(out, 1)                       # (B', VOL, VOL, VOL)


train_set = MedReconDataset(120)
train_dl = DataLoader(train_set, batch_size=1, shuffle=True)
model = MiniReconNet()
criterion = nn.MSELoss(reduction="mean")
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

for epoch in range(8):
    running_loss = 0.0
    for step, sample in enumerate(train_dl):
        drr, ct = sample["drr"], sample["ct"]
        outputs = model(drr)
        loss = criterion(outputs, ct)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    print(f"epoch {epoch + 1} loss {running_loss / len(train_dl):.4f}")

preds, targets = [], []
with torch.no_grad():
    for i in range(len(train_set)):
        sample = train_set[i]
        out = model(sample["drr"][None])
        preds.append(out[0].reshape(-1))
        targets.append(sample["ct"].reshape(-1))
p, t = torch.cat(preds), torch.cat(targets)
r2 = 1 - torch.mean((p - t) ** 2) / torch.var(t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
