# Rebuilt from: https://stackguides.com/questions/56250739/1d-convolution-network-giving-constant-output
# Report: "1D convolution network giving constant output": a 1D CNN for regression on about 1,500 samples of 40
#   features each (each sample reshaped to a 40-step, 1-channel signal, tanh output, mini-batches of 200-300)
#   gives the same output for every input; the question's code feeds the 40 features as they are, with no
#   scaling step.
# Fixed twin of 436_conv1d_forty_raw_features.py: each of the 40 features is standardized with the training rows'
#   mean and standard deviation before the samples are reshaped for the Conv1d.
# Our own code, written after the report (not copied from it); data: forty_features.csv written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(36)
torch.manual_seed(36)
torch.set_num_threads(1)

CSV = "forty_features.csv"
N_FEAT = 40


def extract_features(path, n=1500):
    rng = np.random.default_rng(36)
    z = rng.normal(0, 1, (n, N_FEAT))
    scales = np.tile([2500.0, 1.0, 0.02, 80.0, 0.5], N_FEAT // 5)
    offsets = np.tile([6000.0, 1.0, 0.0, 300.0, 0.2], N_FEAT // 5)
    raw = z * scales + offsets
    target = np.tanh(0.6 * z[:, 2] - 0.5 * z[:, 7] + 0.4 * z[:, 11] * z[:, 1] + 0.3 * z[:, 24])
    np.savetxt(path, np.column_stack([raw, target]), delimiter=",", fmt="%.4g")


class FeatureCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv1d(1, 24, 4, stride=2, padding=1), nn.ReLU(), nn.AvgPool1d(2),
                                  nn.Conv1d(24, 32, 2, stride=2), nn.ReLU(), nn.AvgPool1d(2))
        self.fc = nn.Linear(32 * 2, 1)

    def forward(self, x):
        return torch.tanh(self.fc(self.conv(x).flatten(1)))


if not os.path.exists(CSV):
    extract_features(CSV)

data = np.loadtxt(CSV, delimiter=",", dtype=np.float32)
X = data[:, :N_FEAT]
X = (X - X[:1200].mean(axis=0)) / X[:1200].std(axis=0)
y = data[:, N_FEAT:]

x_all = torch.from_numpy(X).view(-1, 1, N_FEAT)
y_all = torch.from_numpy(y)

model = FeatureCNN()
optimizer = torch.optim.RMSprop(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

for epoch in range(60):
    perm = torch.randperm(1200)
    for s in range(0, 1200, 240):
        idx = perm[s:s + 240]
        loss = loss_fn(model(x_all[idx]), y_all[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(x_all[1200:]).view(-1)
target = y_all[1200:].view(-1)
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
