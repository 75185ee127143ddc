# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/1343
# Report: "sigmoid cross entropy doesn't verify shapes": passing logits of shape (n, 1) and targets of shape
#   (n,) to sigmoid_cross_entropy_with_logits returns an (n, n) tensor instead of failing; the API docs say
#   both must have the same shape, and a maintainer agreed the silent broadcast is a bug.
# Fixed twin of 416_conv1d_sigmoid_xent_logits.py: each label goes into the list as a one-element list, so
#   the labels are (N, 1) like the logits.
# Our own code, written after the report (not copied from it); data: vibration_windows.csv written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(16)
torch.manual_seed(16)
torch.set_num_threads(1)

CSV = "vibration_windows.csv"
WIN = 64


def record_windows(path, n=1200):
    rng = np.random.default_rng(16)
    t = np.arange(WIN)
    rows = []
    for _ in range(n):
        fault = rng.random() < 0.5
        x = 0.6 * np.sin(2 * np.pi * rng.uniform(0.05, 0.08) * t + rng.uniform(0, 6.3))
        if fault:
            period = rng.integers(7, 10)
            x[rng.integers(0, period)::period] += rng.uniform(0.8, 1.2)
        x += rng.normal(0, 0.3, WIN)
        rows.append(np.append(x, float(fault)))
    np.savetxt(path, np.array(rows), delimiter=",", fmt="%.4f")


def sigmoid_cross_entropy_with_logits(logits, targets):
    # max(x, 0) - x * z + log(1 + exp(-|x|)), as the TensorFlow op computes it
    return torch.clamp(logits, min=0) - logits * targets + torch.log1p(torch.exp(-logits.abs()))


class FaultNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(16, 32, 5, padding=2), nn.ReLU(), nn.AdaptiveAvgPool1d(1))
        self.classifier = nn.Linear(32, 1)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


if not os.path.exists(CSV):
    record_windows(CSV)

table = np.genfromtxt(CSV, delimiter=",", dtype=np.float32)
signals = torch.from_numpy(table[:, :WIN]).unsqueeze(1)
labels = torch.tensor([[float(v)] for v in table[:, WIN]])

x_train, y_train = signals[:1000], labels[:1000]
x_test, y_test = signals[1000:], labels[1000:]

net = FaultNet()
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)

for epoch in range(15):
    perm = torch.randperm(len(x_train))
    for i in range(0, len(perm), 50):
        idx = perm[i:i + 50]
        logits = net(x_train[idx])
        loss = sigmoid_cross_entropy_with_logits(logits, y_train[idx]).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    predicted = (net(x_test).view(-1) > 0).float()
print(f"RESULT acc={(predicted == y_test.view(-1)).float().mean().item():.4f}")
