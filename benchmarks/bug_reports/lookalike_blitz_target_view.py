# Rebuilt from: https://github.com/ankane/torch.rb/issues/47
# Report: following the (PyTorch "blitz") neural-networks tutorial, a reader thought `target = randn(10)`
#   should be `randn(1, 10)` to match the (1, 10) network output and avoid the broadcasting warning; the
#   maintainer could not reproduce it: the very next line, target.view(1, -1), already makes it [1, 10].
# Not a bug (a look-alike that must stay silent): each 1-D target is reshaped with .view(1, -1) right
#   after it is taken, so MSELoss always sees (1, 10) output vs (1, 10) target.
# Our own code, written after the report (not copied from it); 10-step forecasts from 24 past values.
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)
rng = np.random.default_rng(0)

t = np.arange(1500)
series = np.sin(2 * np.pi * t / 50) + 0.5 * np.sin(2 * np.pi * t / 13) + rng.normal(0, 0.05, len(t))
X = np.stack([series[i:i + 24] for i in range(0, 1400, 4)]).astype(np.float32)
Y = np.stack([series[i + 24:i + 34] for i in range(0, 1400, 4)]).astype(np.float32)
X, Y = torch.from_numpy(X), torch.from_numpy(Y)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(24, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


net = Net()
criterion = nn.MSELoss()
optimizer = optim.SGD(net.parameters(), lr=0.01)

for epoch in range(6):
    running = 0.0
    for i in torch.randperm(len(X)).tolist():
        input = X[i].unsqueeze(0)          # (1, 24)
        output = net(input)                # (1, 10)
        target = Y[i]                      # a dummy-looking 1-D target, shape (10,)
        target = target.view(1, -1)        # make it the same shape as output
        optimizer.zero_grad()
        loss = criterion(output, target)
        loss.backward()
        optimizer.step()
        running += loss.item()
    print(f"epoch {epoch} loss {running / len(X):.4f}")

with torch.no_grad():
    pred = net(X).reshape(-1)
    target = Y.reshape(-1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
