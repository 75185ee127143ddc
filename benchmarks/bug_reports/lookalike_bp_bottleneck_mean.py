# Rebuilt from: https://blog.51cto.com/u_87851/7627358
# Report: A BP network for regression (7 input features) ends up predicting the same value for every
#   sample; training R^2 drifts to 0, i.e. the output equals the mean of y. The author later found the
#   learned weights had shrunk to ~1e-3 and the first layer Linear(7,1) -> BatchNorm -> ReLU -> Dropout
#   squeezed everything through one unit, so the last layer just outputs its bias.
# Not a bug (a look-alike that must stay silent): "predicts the mean" looks like the classic (N,1) vs (N,)
#   broadcast, but here prediction and target are both (B, 1) and the inputs are standardized; the poor
#   fit comes from the 1-unit bottleneck + BatchNorm/Dropout architecture, not from shapes or scales.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
np.random.seed(0)


class TabDataset(Dataset):
    def __init__(self, X, y):
        self.X = torch.tensor(X, dtype=torch.float32)
        self.y = torch.tensor(y, dtype=torch.float32).view(-1, 1)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.X[i], self.y[i]


def block(i, o):
    return nn.Sequential(nn.Linear(i, o), nn.BatchNorm1d(o), nn.ReLU(), nn.Dropout(0.5))


X = np.random.randn(200, 7)
y = X @ np.array([1.5, -2.0, 0.7, 0.0, 1.1, -0.4, 0.9]) + np.sin(2 * X[:, 0]) + 0.1 * np.random.randn(200)
X = StandardScaler().fit_transform(X)

net = nn.Sequential(block(7, 1), block(1, 100), block(100, 150), nn.Linear(150, 1))
opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-2)
loss_fn = nn.MSELoss()
loader = DataLoader(TabDataset(X, y), batch_size=16, shuffle=True, drop_last=True)

for epoch in range(40):
    net.train()
    for xb, yb in loader:
        loss = loss_fn(net(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()

net.eval()
with torch.no_grad():
    ds = TabDataset(X, y)
    pred = net(ds.X)
    r2 = 1 - ((pred - ds.y) ** 2).mean() / ds.y.var(unbiased=False)
print("pred std %.4f" % pred.std().item())
print("RESULT r2=%.3f" % r2.item())
