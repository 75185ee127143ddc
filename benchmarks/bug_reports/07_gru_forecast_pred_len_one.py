# Rebuilt from: https://github.com/jsboige/CoursIA/pull/926
# Report: forecasting models with pred_len=1 train with "Using a target size
#   (torch.Size([64])) that is different to the input size (torch.Size([64, 1]))";
#   every run of a 96-run sweep had the bug; fixed with `y_batch.view_as(pred)`.
# Bug (planted: TL001): a GRU forecaster's head returns (B, pred_len) = (B, 1) while
#   the window builder yields one scalar target per window, (B,).
# Our own code, written after the report (not copied from it).
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

PRED_LEN = 1
LOOKBACK = 24


def build_windows(values, lookback):
    inputs = np.stack([values[i:i + lookback] for i in range(len(values) - lookback)])
    targets = np.array([values[i + lookback] for i in range(len(values) - lookback)])
    return inputs, targets


class GRUForecaster(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.gru = nn.GRU(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, PRED_LEN)

    def forward(self, x):
        _, h = self.gru(x)
        return self.head(h[-1])


rng = np.random.default_rng(11)
steps = np.arange(900)
returns = np.sin(steps / 9.0) + 0.3 * rng.standard_normal(len(steps))
inputs, targets = build_windows(returns.astype(np.float32), LOOKBACK)
dataset = TensorDataset(torch.from_numpy(inputs).unsqueeze(-1), torch.from_numpy(targets))
loader = DataLoader(dataset, batch_size=64, shuffle=True)

torch.manual_seed(0)
model = GRUForecaster()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
for epoch in range(12):
    for x_batch, y_batch in loader:
        optimizer.zero_grad()
        pred = model(x_batch)
        loss = criterion(pred, y_batch)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    all_x, all_y = dataset.tensors
    pred = model(all_x).reshape(-1)
    r2 = 1 - ((pred - all_y) ** 2).mean() / all_y.var()
print(f"RESULT r2={r2.item():.3f}")
