# Rebuilt from: https://discourse.julialang.org/t/simple-flux-model-not-learning/30138
# Report: a beginner's small dense net would not learn y = x^2 for x in [-10, 10]; the replies point out the
#   missing non-linearity and that "the range of your input data is too large [-10,10] for training", and
#   suggest rescaling the input (the reporter used Flux; we rebuild the same exercise in PyTorch).
# Bug (planted: TL002): the ReLU is there, but x goes into the net raw (-10..10) with plain SGD; the
#   Trainer never rescales it.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(5)
torch.manual_seed(5)

class SquareData(Dataset):
    def __init__(self, xs):
        self.xs = xs
        self.ys = [x * x for x in xs]

    def __len__(self):
        return len(self.xs)

    def __getitem__(self, i):
        x = np.float32(self.xs[i])
        return torch.tensor([x]), torch.tensor([np.float32(self.ys[i])])

class Trainer:
    def __init__(self, model, lr):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()

    def fit(self, loader, epochs):
        for ep in range(epochs):
            tot = 0.0
            for xb, yb in loader:
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(xb), yb)
                loss.backward()
                self.opt.step()
                tot += loss.item()
            if ep % 10 == 0:
                print("epoch", ep, "loss", tot / len(loader))

xs = list(np.linspace(-10, 10, 401))
data = SquareData(xs)
loader = DataLoader(data, batch_size=20, shuffle=True)

model = nn.Sequential(nn.Linear(1, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 1))
Trainer(model, lr=1e-3).fit(loader, epochs=30)

with torch.no_grad():
    X = torch.tensor(np.array(xs, dtype=np.float32)).view(-1, 1)
    Y = X ** 2
    P = model(X)
    r2 = 1 - ((P - Y) ** 2).mean() / Y.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
