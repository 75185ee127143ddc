# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/37770
# Report: "MSE loss computes different values depending on shape": with targets of shape [128] and predictions
#   of shape [128, 1] (headings in degrees, roughly -180..180) the mean squared error comes out different from
#   the one on equal shapes, without any error; the reporter asks for either a correct value or an error.
# Fixed twin of 425_heading_slices_flat_target.py: the heading column is sliced as a column (data[:, 5:6]), so
#   each mini-batch target is (128, 1) like the predictions.
# Our own code, written after the report (not copied from it); data: compass_log.npy written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(25)
torch.manual_seed(25)
torch.set_num_threads(1)

NPY = "compass_log.npy"


def record_compass(path, n=3000):
    rng = np.random.default_rng(25)
    mag = rng.normal(0, 1, (n, 5)).astype(np.float32)
    heading = 70 * mag[:, 0] - 45 * mag[:, 1] + 35 * np.sin(1.5 * mag[:, 2]) + 20 * mag[:, 3] * mag[:, 4]
    heading = heading + rng.normal(0, 4, n)
    np.save(path, np.column_stack([mag, heading]).astype(np.float32))


if not os.path.exists(NPY):
    record_compass(NPY)

data = np.load(NPY)
features = torch.from_numpy(data[:, :5])
heading = torch.from_numpy(data[:, 5:6])

sizes = [5, 64, 64, 1]
layers = []
for n_in, n_out in zip(sizes[:-1], sizes[1:]):
    layers.append(nn.Linear(n_in, n_out))
    layers.append(nn.ReLU())
layers.pop()
net = nn.Sequential(*layers)

optimizer = torch.optim.Adam(net.parameters(), lr=3e-3)
criterion = nn.MSELoss()
n_train, batch = 2500, 128

for epoch in range(60):
    order = torch.randperm(n_train)
    total = 0.0
    for start in range(0, n_train, batch):
        idx = order[start:start + batch]
        pred = net(features[idx])
        loss = criterion(pred, heading[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 15 == 0:
        print(f"epoch {epoch} loss {total:.1f}")

with torch.no_grad():
    pred = net(features[n_train:]).view(-1)
target = heading[n_train:].view(-1)
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
