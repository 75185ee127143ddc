# Rebuilt from: https://github.com/AG-Peter/encodermap/issues/15
# Report: EncoderMap (an autoencoder for MD trajectories) stopped with "Nan in summary histogram for
#   encoder/dense_1_biases" on an input file of dihedral angles plus RMSD and Rg. The maintainer: inputs
#   that are not small by construction (RMSD, Rg) must be normalized; after StandardScaling RMSD and Rg
#   (keeping the dihedral cosines) the reporter got "much better" results.
# Bug (planted: TL002): rmsd_A and rg_A (Angstrom, ~0.5..25) enter the autoencoder unscaled next to the
#   dihedral cosines/sines in [-1, 1]; training with plain SGD diverges.
# Our own code, written after the report (not copied from it); data: trajectory_features.csv from
#   make_trajectory_features.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)


class DihedralAE(nn.Module):
    def __init__(self, n_in, n_latent=2):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(n_in, 32), nn.Tanh(), nn.Linear(32, n_latent))
        self.decoder = nn.Sequential(nn.Linear(n_latent, 32), nn.Tanh(), nn.Linear(32, n_in))

    def forward(self, x):
        return self.decoder(self.encoder(x))


df = pd.read_csv("trajectory_features.csv")
feature_cols = [c for c in df.columns if c != "frame"]
data = df[feature_cols].values.astype(np.float32)
inputs = torch.tensor(data)

model = DihedralAE(len(feature_cols))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn = nn.MSELoss()

for step in range(1500):
    idx = torch.randint(0, len(inputs), (64,))
    batch = inputs[idx]
    optimizer.zero_grad()
    loss = loss_fn(model(batch), batch)
    loss.backward()
    optimizer.step()
    if step % 500 == 0:
        print(f"step {step} loss {loss.item():.4f}")

with torch.no_grad():
    recon = model(inputs).numpy()
r2 = 1 - ((recon - data) ** 2).mean() / data.var(axis=0).mean()
print(f"RESULT r2={r2:.3f}")
