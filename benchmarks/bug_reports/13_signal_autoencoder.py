# Rebuilt from: https://github.com/ZhaoZhibin/DL-based-Intelligent-Diagnosis-Benchmark/issues/17
# Report: training the autoencoder on the CWRU bearing data warns "Using a target
#   size (torch.Size([4, 1, 1024])) that is different to the input size
#   (torch.Size([4, 1024]))".
# Bug (planted: TL001): a fully connected autoencoder flattens (B, 1, L) signals and
#   returns (B, L); the reconstruction loss compares it with the unflattened
#   (B, 1, L) input and broadcasts to (B, B, L).
# Our own code, written after the report (not copied from it).
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(2)
length = 256
t = np.arange(length) / length
phase = rng.uniform(0, 2 * np.pi, size=(600, 1))
amplitude = rng.uniform(0.5, 1.5, size=(600, 1))
signals = amplitude * np.sin(2 * np.pi * 8 * t + phase) + 0.05 * rng.standard_normal((600, length))
signals = torch.tensor(signals, dtype=torch.float32).unsqueeze(1)
loader = DataLoader(TensorDataset(signals), batch_size=4, shuffle=True)


class AutoEncoder(nn.Module):
    def __init__(self, length, code=16):
        super().__init__()
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(length, 64), nn.ReLU(), nn.Linear(64, code))
        self.decoder = nn.Sequential(nn.Linear(code, 64), nn.ReLU(), nn.Linear(64, length))

    def forward(self, x):
        return self.decoder(self.encoder(x))


torch.manual_seed(0)
model = AutoEncoder(length)
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
for epoch in range(4):
    for (x,) in loader:
        optimizer.zero_grad()
        reconstruction = model(x)
        loss = criterion(reconstruction, x)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    flat = signals.reshape(len(signals), -1)
    r2 = 1 - ((model(signals) - flat) ** 2).mean() / flat.var()
print(f"RESULT r2={r2.item():.3f}")
