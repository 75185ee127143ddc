# Rebuilt from: https://github.com/timeseriesAI/tsai/issues/150
# Report: Regression on time series whose targets span 0.001 to 1000; the user wrote an MSLELoss module
#   (nn.MSELoss on log(input.view(-1) + 1) vs log(target + 1)) and training became very unstable, ending in NaNs.
#   The maintainer pointed out that fastai's version flattens both the input and the target.
# Bug (planted: TL001): only the model output is flattened (B,) while the target batch stays (B, 1); inside MSLELoss
#   the MSE broadcasts to (B, B) (torch warns "Using a target size ... different to the input size").
# Our own code, written after the report (not copied from it); a Softplus head keeps log(input + 1) finite
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


class MSLELoss(nn.Module):
    def __init__(self, reduction='mean'):
        super().__init__()
        assert reduction in ['mean', 'sum', 'none']
        self.reduction = reduction
        self.mse = nn.MSELoss(reduction=reduction)

    def forward(self, input, target):
        loss = self.mse(torch.log(input.view(-1) + 1), torch.log(target + 1))
        return loss


def make_series(n=512, channels=2, length=24):
    # two sensor channels per sample; the target is a flow rate spanning ~6 orders of magnitude
    level = np.random.uniform(-3.0, 3.0, size=(n, 1))
    trend = np.random.uniform(-1.0, 1.0, size=(n, 1))
    t = np.linspace(0, 1, length)[None, :]
    ch0 = level + trend * t + 0.1 * np.random.randn(n, length)
    ch1 = np.sin(6 * t + level) + 0.1 * np.random.randn(n, length)
    X = np.stack([ch0, ch1], axis=1).astype(np.float32)          # (n, 2, 24)
    y = np.exp(2.0 * level[:, 0] + trend[:, 0]) * 0.4            # ~0.001 ... ~1000
    return X, y.astype(np.float32)


class SeriesDataset(Dataset):
    def __init__(self, X, y):
        self.X = torch.from_numpy(X)
        self.y = torch.from_numpy(y).unsqueeze(1)                 # one target column per sample

    def __len__(self):
        return len(self.X)

    def __getitem__(self, idx):
        return self.X[idx], self.y[idx]


class ConvRegressor(nn.Module):
    def __init__(self, c_in=2):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(c_in, 32, kernel_size=5, padding=2), nn.ReLU(),
            nn.Conv1d(32, 32, kernel_size=5, padding=2), nn.ReLU(),
            nn.AdaptiveAvgPool1d(1), nn.Flatten(),
        )
        self.head = nn.Sequential(nn.Linear(32, 1), nn.Softplus())

    def forward(self, x):
        return self.head(self.body(x))


X, y = make_series()
loader = DataLoader(SeriesDataset(X, y), batch_size=64, shuffle=True)
model = ConvRegressor()
loss_func = MSLELoss()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)

for epoch in range(40):
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    if epoch % 10 == 0:
        print(f"epoch {epoch:3d}  msle {total / len(X):.4f}")

with torch.no_grad():
    pred = model(torch.from_numpy(X)).view(-1)
    target = torch.from_numpy(y)
    # r2 on the log1p scale the loss works in (targets cover six decades)
    lp, lt = torch.log1p(pred), torch.log1p(target)
    r2 = 1 - torch.mean((lp - lt) ** 2) / torch.var(lt, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
