# Rebuilt from: https://github.com/pytorch/pytorch/issues/105739
# Report: A user's hand-written loss `torch.mean((x - y) ** 2)` gave a different value when the prediction
#   was (10, 1) and the target (10,) than after torch.squeeze(x); maintainers answered that x - y silently
#   broadcasts to a (10, 10) matrix and closed it as expected behaviour.
# Bug (planted: TL001): loss_func(model(xb), yb) with model output (B, 1) and targets (B,); the subtraction
#   inside loss_func broadcasts to (B, B), so the net is pushed toward the batch mean.
# Our own code, written after the report (not copied from it); synthetic regression data made in the script
import numpy as np
import torch
import torch.nn as nn

np.random.seed(1)
torch.set_num_threads(1)
torch.manual_seed(1)

def load_data(n=384):
    X = np.random.uniform(-2, 2, size=(n, 3)).astype(np.float32)
    y = (np.sin(X[:, 0]) * 2 + X[:, 1] ** 2 - 0.5 * X[:, 2] + np.random.normal(0, 0.1, n)).astype(np.float32)
    return torch.from_numpy(X), torch.from_numpy(y)     # y has shape (n,)

def loss_func(x, y):
    return torch.mean((x - y) ** 2)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 32)
        self.fc2 = nn.Linear(32, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.out(x)

X, y = load_data()
model = Net()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)

batch_size = 128
for epoch in range(30):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), batch_size):
        idx = perm[i:i + batch_size]
        xb, yb = X[idx], y[idx]
        opt.zero_grad()
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X).view(-1)
    r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
