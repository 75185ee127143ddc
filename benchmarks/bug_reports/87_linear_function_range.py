# Rebuilt from: https://github.com/deeplearning4j/deeplearning4j/issues/3346
# Report: learning the scalar function y = 15 + 5x with a one-weight linear net (MSE, SGD with
#   Nesterov momentum 0.9, lr 0.01, mini-batch size 1) works for x = s*i with small s, but with
#   s = 1.0 (x up to 999) the weights become NaN and the net cannot learn.
# Bug (planted: TL002): FunctionDataset hands out the raw x = s*i values (0..999) with no
#   normalization, so the first SGD steps blow the weight up to inf/nan.
# Our own code, written after the report (not copied from it); data: generated in FunctionDataset
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(12345)
np.random.seed(12345)


class FunctionDataset(Dataset):
    """1000 (x, y) pairs with x = s * i and y = 15 + 5 * x."""

    def __init__(self, s=1.0, n=1000):
        self.x = s * np.arange(n, dtype=np.float64)
        self.y = 15.0 + 5.0 * self.x
        self.inputs = self.x

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return np.array([self.inputs[i]], dtype=np.float32), np.array([self.y[i]], dtype=np.float32)


def train(model, loader, optimizer, criterion, n_epochs):
    for epoch in range(n_epochs):
        total = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item()
        print(f"epoch {epoch} mean loss {total / len(loader):.4g}  w={model.weight.item():.4g} b={model.bias.item():.4g}")


ds = FunctionDataset(s=1.0)
loader = DataLoader(ds, batch_size=1, shuffle=True)
model = nn.Linear(1, 1)
nn.init.xavier_uniform_(model.weight)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)
train(model, loader, optimizer, nn.MSELoss(), n_epochs=3)

# test on the same training data
X = torch.tensor(ds.inputs, dtype=torch.float32).unsqueeze(1)
Y = torch.tensor(ds.y, dtype=torch.float32).unsqueeze(1)
with torch.no_grad():
    pred = model(X)
r2 = 1 - ((pred - Y) ** 2).mean() / Y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
