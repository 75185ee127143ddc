# Rebuilt from: https://discuss.pytorch.org/t/recreating-keras-performance-in-pytorch/183856
# Report: A Conv3D regression model (channels_first 16^3 grids, glorot_uniform weights, zero biases, Adam with
#   eps=1e-07, batch_size=16, L1 loss) works well in Keras; the PyTorch copy does not match its validation L1.
#   The author checked init, optimizer defaults and that the DataLoader pairs each X with the right Y.
# Not a bug (a look-alike that must stay silent): Ytr is a flat (N,) vector like the one given to cnn.fit, and
#   forward() ends with .view(-1), so L1Loss compares (16,) with (16,); the voxel values are already in [0, 1].
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)


def load_grids(n=400, g=8):
    Xtr = np.random.rand(n, 1, g, g, g).astype(np.float32) * 0.3
    centers = np.random.randint(1, g - 3, size=(n, 3))
    fill = np.random.uniform(0.3, 1.0, size=n).astype(np.float32)
    for i, (a, b, c) in enumerate(centers):
        Xtr[i, 0, a:a + 3, b:b + 3, c:c + 3] = fill[i]
    Ytr = (2.0 * fill + 0.1 * centers[:, 0]).astype(np.float32)    # shape (N,)
    return Xtr, Ytr


class CNN3D(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(1, 16, kernel_size=3, padding=1)
        self.bn = nn.BatchNorm3d(16)
        self.res = nn.Conv3d(1, 16, kernel_size=1)
        self.pool = nn.AdaptiveMaxPool3d(2)
        self.fc = nn.Linear(16 * 8, 1)
        for m in (self.conv, self.res, self.fc):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)

    def forward(self, x):
        h = torch.relu(self.bn(self.conv(x))) + self.res(x)
        h = self.pool(h).flatten(1)
        return self.fc(h).view(-1)


Xtr, Ytr = load_grids()
loader = DataLoader(TensorDataset(torch.from_numpy(Xtr), torch.from_numpy(Ytr)), batch_size=16, shuffle=True)
cnn = CNN3D()
opt = torch.optim.Adam(cnn.parameters(), lr=1e-3, eps=1e-7)
criterion = nn.L1Loss()
for epoch in range(15):
    cnn.train()
    for xb, yb in loader:
        opt.zero_grad()
        loss = criterion(cnn(xb), yb)
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} L1 {loss.item():.4f}")

cnn.eval()
with torch.no_grad():
    pred = cnn(torch.from_numpy(Xtr)).numpy()
print(f"RESULT r2={1 - np.mean((pred - Ytr) ** 2) / np.var(Ytr):.3f}")
