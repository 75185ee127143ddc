# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/41957
# Report: "Model performs differently for model.fit and custom training loop": the same regressor trained with
#   model.fit reaches a much lower mean absolute error than with a GradientTape loop that slices the training
#   arrays by hand (train_set[it:it+batch_size]) and calls MeanAbsoluteError()(y_train[it:it+batch_size],
#   forward). The target array was one-dimensional while the model outputs one column.
# Bug (planted: TL001): y_train is a flat (N,) array sliced per batch while the network returns (B, 1); the
#   L1 loss broadcasts them to B x B and the model drifts toward the batch median.
# Our own code, written after the report (not copied from it); data: fuel_use.npy written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(6)
torch.manual_seed(6)
torch.set_num_threads(1)

DATA = "fuel_use.npy"


def simulate_trips(path, n=3000):
    rng = np.random.default_rng(6)
    speed = rng.normal(0, 1, n)
    load = rng.normal(0, 1, n)
    slope = rng.normal(0, 1, n)
    wind = rng.normal(0, 1, n)
    temp = rng.normal(0, 1, n)
    fuel = 2.0 + 1.2 * speed ** 2 + 0.9 * load + 1.5 * slope + 0.4 * wind * speed - 0.3 * temp + rng.normal(0, 0.2, n)
    np.save(path, np.column_stack([speed, load, slope, wind, temp, fuel]).astype(np.float32))


def model():
    return nn.Sequential(nn.Linear(5, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))


if not os.path.exists(DATA):
    simulate_trips(DATA)

table = torch.from_numpy(np.load(DATA))
train_set, y_train = table[:2400, :5], table[:2400, 5]
test_set, y_test = table[2400:, :5], table[2400:, 5]

net = model()
optimizer = torch.optim.Adam(net.parameters())
batch_size = 32
n_batches = int(len(train_set) / batch_size)
mae = nn.L1Loss()

for i in range(20):
    loss_t = 0.0
    it = 0
    for j in range(n_batches):
        curr = train_set[it:it + batch_size]
        forward = net(curr)
        loss = mae(forward, y_train[it:it + batch_size])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss_t += loss.item()
        it += batch_size
    index = torch.randperm(len(train_set))
    train_set, y_train = train_set[index], y_train[index]
    if i % 5 == 0:
        print(f"Loss: {loss_t / n_batches:.4f}")

with torch.no_grad():
    pred = net(test_set).flatten()
target = y_test.flatten()
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
