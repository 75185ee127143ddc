# Rebuilt from: https://github.com/ankane/torch.rb/issues/47
# Report: A user following the "neural networks" blitz tutorial (net with 10 outputs, batch of one) thought the
#   target line should be randn(1, 10) because randn(10) gives "Using a target size ([10]) that is different to the
#   input size ([1, 10])". The maintainer could not reproduce: the next line reshapes it with target.view(1, -1).
# Not a bug (a look-alike that must stay silent): the target is built 1-D but immediately viewed as (1, 10), the
#   same shape as the (1, 10) output, so MSELoss compares matching elements.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)

rng = np.random.default_rng(6)
W_true = rng.normal(0, 1, (6, 10)).astype(np.float32)
samples = rng.normal(0, 1, (200, 6)).astype(np.float32)
labels = samples @ W_true + rng.normal(0, 0.05, (200, 10)).astype(np.float32)

net = nn.Sequential(nn.Linear(6, 32), nn.Tanh(), nn.Linear(32, 10))
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

for epoch in range(15):
    total = 0.0
    for i in range(len(samples)):
        input = torch.from_numpy(samples[i]).view(1, -1)
        output = net(input)
        target = torch.from_numpy(labels[i])  # a 1-D row of 10 values
        target = target.view(1, -1)  # make it the same shape as output
        optimizer.zero_grad()
        loss = criterion(output, target)
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {total / len(samples):.4f}")

with torch.no_grad():
    X, Y = torch.from_numpy(samples), torch.from_numpy(labels)
    pred = net(X)
    r2 = 1 - ((pred - Y) ** 2).mean() / ((Y - Y.mean(0)) ** 2).mean()
print(f"RESULT r2={r2.item():.3f}")
