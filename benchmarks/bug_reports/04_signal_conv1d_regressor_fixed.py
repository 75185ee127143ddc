# Fixed twin of 04_signal_conv1d_regressor.py: the targets are (N, 1): `.unsqueeze(1)`.
# Rebuilt from: https://github.com/ZhaoZhibin/UDTL/issues/3
# Report: after swapping in their own vibration dataset, training a 1-D CNN prints
#   "Using a target size (torch.Size([128])) that is different to the input size
#   (torch.Size([128, 1]))".
# The bug (TL001) of its twin, fixed here: a Conv1d regressor over signal windows returns (B, 1) while
#   the DataLoader yields 1-D targets (B,): MSELoss broadcasts to (128, 128).
# Our own code, written after the report (not copied from it).
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)
n_signals, length = 1024, 128
frequency = rng.uniform(1.0, 5.0, size=n_signals)
t = np.linspace(0.0, 1.0, length)
signals = np.sin(2 * np.pi * frequency[:, None] * t[None, :]) + 0.1 * rng.standard_normal((n_signals, length))

X = torch.tensor(signals, dtype=torch.float32).unsqueeze(1)
y = torch.tensor(frequency, dtype=torch.float32).unsqueeze(1)
loader = DataLoader(TensorDataset(X, y), batch_size=128, shuffle=True)

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv1d(1, 8, kernel_size=7, padding=3), nn.ReLU(), nn.MaxPool1d(4),
    nn.Conv1d(8, 16, kernel_size=7, padding=3), nn.ReLU(),
    nn.Flatten(), nn.Linear(16 * 32, 1),
)
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
for epoch in range(20):
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = criterion(model(inputs), targets)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = model(X).reshape(-1)
    r2 = 1 - ((pred - y.reshape(-1)) ** 2).mean() / y.reshape(-1).var()
print(f"RESULT r2={r2.item():.3f}")
