# Rebuilt from: https://github.com/microsoft/CNTK/issues/2235
# Report: An autoencoder (conv/pool/deconv) trained on CT volumes whose voxel values range from about
#   -1000 to 2000. The example it was copied from scaled features by 1/256, the reporter fed them unscaled.
#   The reconstructions came out as tiny numbers unrelated to the input and the RMSE was "incredibly high".
# Fixed twin of 242_ct_patch_autoencoder.py: the HU patches are standardized (global mean/std, like the
#   featScale step of the example) before training; r2 is computed after mapping back to HU.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

PATCH = 8


def load_patches(n=600):
    """Fake 8x8 CT patches in Hounsfield units: air, fat, soft tissue and a bone blob."""
    yy, xx = np.mgrid[0:PATCH, 0:PATCH]
    patches = []
    for _ in range(n):
        img = np.full((PATCH, PATCH), np.random.choice([-1000.0, -100.0, 40.0]))
        cy, cx = np.random.uniform(1, 7, size=2)
        r = np.random.uniform(1.5, 3.5)
        blob = ((yy - cy) ** 2 + (xx - cx) ** 2) < r ** 2
        img[blob] = np.random.uniform(300, 1800)
        img += np.random.normal(0, 20, size=img.shape)
        patches.append(img.reshape(-1))
    return np.array(patches, dtype=np.float32)


class PatchAE(nn.Module):
    def __init__(self, n_in=PATCH * PATCH, code=8):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(n_in, 32), nn.ReLU(), nn.Linear(32, code), nn.ReLU())
        self.decoder = nn.Sequential(nn.Linear(code, 32), nn.ReLU(), nn.Linear(32, n_in))

    def forward(self, x):
        return self.decoder(self.encoder(x))


patches = load_patches()
print("HU range:", patches.min(), patches.max())
hu_mean, hu_std = patches.mean(), patches.std()
X = torch.from_numpy((patches - hu_mean) / hu_std)

model = PatchAE()
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

for epoch in range(30):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 32):
        xb = X[perm[i:i + 32]]
        optimizer.zero_grad()
        loss = criterion(model(xb), xb)
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    recon = model(X) * hu_std + hu_mean
X_hu = torch.from_numpy(patches)
mse = ((recon - X_hu) ** 2).mean().item()
r2 = 1 - mse / X_hu.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
