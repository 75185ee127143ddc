# Rebuilt from: https://github.com/BrainJS/brain.js/issues/866
# Report: A brain.js NeuralNetwork trained on BTC candles (prices ~17000, volume ~350, indicators in the
#   hundreds, a few small values) returned NaN after running for a while, and training took very long.
#   Answer: normalize the data to numbers between 0 and 1.
# Bug (planted: TL002): ported to PyTorch with brain.js-style sigmoid layers; the target is min-max
#   scaled for the sigmoid output, but the input columns (raw USD prices, volume, macd, rsi) are not,
#   so every hidden sigmoid saturates and the net predicts a constant.
# Our own code, written after the report (not copied from it); data file btc_hourly.csv, a small made-up table beside this script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)

raw = np.genfromtxt("btc_hourly.csv", delimiter=",", skip_header=1)
X = raw[:, :-1]
y = raw[:, -1:]

# output layer is a sigmoid (as in brain.js), so squash the target into 0..1
y_min, y_max = y.min(), y.max()
y = (y - y_min) / (y_max - y_min)

X_t = torch.tensor(X, dtype=torch.float32)
y_t = torch.tensor(y, dtype=torch.float32)
loader = DataLoader(TensorDataset(X_t, y_t), batch_size=16, shuffle=True)

net = nn.Sequential(
    nn.Linear(X.shape[1], 16), nn.Sigmoid(),
    nn.Linear(16, 16), nn.Sigmoid(),
    nn.Linear(16, 1), nn.Sigmoid(),
)
optimizer = torch.optim.SGD(net.parameters(), lr=0.3, momentum=0.1)   # brain.js defaults
loss_fn = nn.MSELoss()


def train(net, loader, epochs):
    for epoch in range(epochs):
        err = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(net(xb), yb)
            loss.backward()
            optimizer.step()
            err += loss.item() * len(xb)
        if epoch % 50 == 0:
            print(f"iterations: {epoch}, training error: {err / len(loader.dataset):.5f}")


train(net, loader, 200)

with torch.no_grad():
    pred = net(X_t)
r2 = 1 - ((pred - y_t) ** 2).mean() / y_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
