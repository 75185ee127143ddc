# Rebuilt from: https://discuss.cloudxlab.com/t/doubt-clarification-regarding-impact-of-range-of-features-values-on-training/7611
# Report: a learner has 4 input features, 2 already in [-1, 1] and 2 outside that range, and asks whether
#   leaving them like that hurts training / makes the wider feature "more important".
# Not a bug (a look-alike that must stay silent): the answer: gradient descent just learns a smaller weight
#   for the wider feature; here the two unscaled columns only span a few units (0-5 and -3..3), so plain SGD
#   on a small net trains fine without normalization.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)


def load_data(n=600):
    f1 = np.random.uniform(-1, 1, n)
    f2 = np.random.uniform(-1, 1, n)
    f3 = np.random.uniform(0, 5, n)
    f4 = np.random.uniform(-3, 3, n)
    y = 1.5 * f1 - 2.0 * f2 + 0.6 * f3 + 0.8 * np.sin(f4) + np.random.normal(0, 0.1, n)
    X = np.stack([f1, f2, f3, f4], axis=1).astype(np.float32)
    return X, y.astype(np.float32).reshape(-1, 1)


X, y = load_data()
loader = DataLoader(TensorDataset(torch.from_numpy(X), torch.from_numpy(y)), batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.02)


def train(model, loader, epochs=60):
    for epoch in range(epochs):
        total = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        if epoch % 20 == 0:
            print(f"epoch {epoch} mse {total / len(loader.dataset):.4f}")


train(model, loader)
with torch.no_grad():
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    r2 = 1 - ((model(Xt) - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
