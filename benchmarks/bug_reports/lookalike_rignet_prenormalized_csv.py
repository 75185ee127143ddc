# Rebuilt from: https://github.com/zhan-xu/RigNet/issues/87
# Report: A user noticed `normalize_obj` in quick_start.py but no normalization anywhere in training, and asked
#   why. The author: the training data are preprocessed to be normalized already.
# Not a bug (a look-alike that must stay silent): the features are read from a CSV and used as-is, but that CSV
#   holds mesh coordinates already centred and scaled into the unit box (see make_rig_vertices.py) and unit
#   normals; the Dataset reshapes each target to (1,) to match the model's [B, 1] output.
# Our own code, written after the report (not copied from it); data file rig_vertices.csv from make_rig_vertices.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)


class VertexDataset(Dataset):
    def __init__(self, csv_path):
        df = pd.read_csv(csv_path)
        self.x = df[["vx", "vy", "vz", "nx", "ny", "nz"]].values.astype(np.float32)
        self.y = df["bone_dist"].values.astype(np.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return torch.from_numpy(self.x[idx]), torch.tensor(self.y[idx]).reshape(1)


class BoneDistNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(6, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                                 nn.Linear(128, 1))

    def forward(self, x):
        return self.mlp(x)


def train(model, loader, epochs=150, lr=2e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        for x, y in loader:
            loss = loss_fn(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if epoch % 30 == 0:
            print(f"epoch {epoch} loss {loss.item():.3e}")


dataset = VertexDataset("rig_vertices.csv")
model = BoneDistNet()
train(model, DataLoader(dataset, batch_size=32, shuffle=True))
x_all, y_all = next(iter(DataLoader(dataset, batch_size=len(dataset))))
with torch.no_grad():
    pred = model(x_all)
r2 = 1 - ((pred - y_all) ** 2).mean() / y_all.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
