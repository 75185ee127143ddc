# Rebuilt from: https://github.com/chemprop/chemprop/issues/640
# Report: In Chemprop v2 the extra molecule-level features/descriptors (x_d, e.g. RDKit 2D descriptors passed next to
#   the learned fingerprint) were not scaled, and no scaler was saved for them (cli/train.py). Maintainers: "We should
#   scale them and save the scalers appropriately"; closed by the PR that adds the descriptor scaler.
# Fixed twin of 281_chemprop_extra_descriptors_unscaled.py: x_d is standardized with a StandardScaler fit on the
#   descriptors (the descriptor scaler the fix adds) before building the datapoints.
# Our own code, written after the report (not copied from it); data: compounds.csv from make_compounds.py.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
torch.set_num_threads(1)

DESCRIPTORS = ["MolWt", "MolLogP", "TPSA", "NumHDonors", "NumHAcceptors",
               "NumRotatableBonds", "LabuteASA", "BertzCT", "Ipc"]


class MoleculeDatapoint:
    def __init__(self, fp, y, x_d):
        self.fp, self.y, self.x_d = fp, y, x_d


class MoleculeDataset(Dataset):
    def __init__(self, points):
        self.points = points

    def __len__(self):
        return len(self.points)

    def __getitem__(self, i):
        d = self.points[i]
        return (torch.tensor(d.fp, dtype=torch.float32), torch.tensor(d.x_d, dtype=torch.float32),
                torch.tensor([d.y], dtype=torch.float32))


class MPNNLike(nn.Module):
    """fingerprint encoder (stands in for message passing) + FFN on [fingerprint, x_d]"""

    def __init__(self, n_bits, n_desc, hidden=300):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(n_bits, hidden), nn.ReLU())
        self.ffn = nn.Sequential(nn.Linear(hidden + n_desc, hidden), nn.ReLU(), nn.Dropout(0.0),
                                 nn.Linear(hidden, 1))

    def forward(self, fp, x_d):
        h = self.encoder(fp)
        return self.ffn(torch.cat([h, x_d], dim=1))


df = pd.read_csv("compounds.csv")
fp_cols = [c for c in df.columns if c.startswith("fp_")]
fps = df[fp_cols].values.astype(np.float32)
x_ds = df[DESCRIPTORS].values.astype(np.float32)
ys = df["pIC50"].values.astype(np.float32)

# targets are scaled (as chemprop does for regression) ...
y_scaler = StandardScaler().fit(ys.reshape(-1, 1))
ys_scaled = y_scaler.transform(ys.reshape(-1, 1)).ravel()
# ... and so are the extra descriptors
X_d_scaler = StandardScaler().fit(x_ds)
x_ds = X_d_scaler.transform(x_ds).astype(np.float32)
all_data = [MoleculeDatapoint(f, y, x) for f, y, x in zip(fps, ys_scaled, x_ds)]

train_loader = DataLoader(MoleculeDataset(all_data), batch_size=50, shuffle=True)
model = MPNNLike(len(fp_cols), len(DESCRIPTORS))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()

for epoch in range(60):
    model.train()
    epoch_loss = 0.0
    for fp, x_d, y in train_loader:
        optimizer.zero_grad()
        loss = loss_fn(model(fp, x_d), y)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * len(y)
    if epoch % 10 == 0:
        print(f"epoch {epoch:3d}  train_loss {epoch_loss / len(all_data):.4f}")

model.eval()
with torch.no_grad():
    fp_all, xd_all, _ = next(iter(DataLoader(MoleculeDataset(all_data), batch_size=len(all_data))))
    preds_scaled = model(fp_all, xd_all).numpy()
preds = y_scaler.inverse_transform(preds_scaled).ravel()
r2 = 1 - np.mean((preds - ys) ** 2) / np.var(ys)
print(f"RESULT r2={r2:.3f}")
