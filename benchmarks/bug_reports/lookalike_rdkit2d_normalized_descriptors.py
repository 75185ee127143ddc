# Rebuilt from: https://github.com/wengong-jin/chemprop/pull/5
# Report: PR adds "rdkit_2d_normalized" descriptors to chemprop: RDKit 2D descriptors mapped through CDFs fitted
#   outside the train/test set (on ~100K ChEMBL molecules), with the note "this should be used with
#   --no_features_scaling". The descriptors are fed to the FFN with no StandardScaler.
# Not a bug (a look-alike that must stay silent): no scaler is fit, but every descriptor has already been passed
#   through a fixed CDF, so x_d lies in [0, 1]; raw MolWt / Ipc values never reach the network.
# Our own code, written after the report (not copied from it); data: compounds.csv from make_compounds.py.
import math

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
torch.set_num_threads(1)

# (distribution, loc, scale) "fitted on a reference library", applied as CDFs like descriptastorus does
CDFS = {
    "MolWt": ("norm", 380.0, 110.0), "MolLogP": ("norm", 3.0, 1.5), "TPSA": ("norm", 80.0, 30.0),
    "NumHDonors": ("norm", 1.8, 1.4), "NumHAcceptors": ("norm", 5.0, 2.5), "NumRotatableBonds": ("norm", 5.0, 3.2),
    "LabuteASA": ("norm", 155.0, 48.0), "BertzCT": ("norm", 850.0, 260.0), "Ipc": ("lognorm", 12.0, 3.0),
}


def cdf(values, dist, loc, scale):
    if dist == "lognorm":
        values = np.log(np.maximum(values, 1e-12))
    z = (values - loc) / (scale * math.sqrt(2.0))
    return 0.5 * (1.0 + np.vectorize(math.erf)(z))


def rdkit_2d_normalized(df):
    return np.stack([cdf(df[name].values, *CDFS[name]) for name in CDFS], axis=1).astype(np.float32)


df = pd.read_csv("compounds.csv")
fp_cols = [c for c in df.columns if c.startswith("fp_")]
features = np.concatenate([df[fp_cols].values.astype(np.float32), rdkit_2d_normalized(df)], axis=1)
print("feature range:", features.min(), features.max())
y = df["pIC50"].values.astype(np.float32)
y_mean, y_std = y.mean(), y.std()
y_scaled = (y - y_mean) / y_std                     # chemprop still scales regression targets

# --no_features_scaling: features go in as they are
ds = TensorDataset(torch.from_numpy(features), torch.from_numpy(y_scaled).unsqueeze(1))
loader = DataLoader(ds, batch_size=50, shuffle=True)
ffn = nn.Sequential(nn.Linear(features.shape[1], 300), nn.ReLU(), nn.Linear(300, 300), nn.ReLU(),
                    nn.Linear(300, 1))
optimizer = torch.optim.Adam(ffn.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()

for epoch in range(60):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(ffn(xb), yb)
        loss.backward()
        optimizer.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.4f}")

with torch.no_grad():
    preds = ffn(torch.from_numpy(features)).squeeze(1).numpy() * y_std + y_mean
r2 = 1 - np.mean((preds - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
