# Rebuilt from: https://github.com/xiaomi-automl/FairDARTS/issues/2
# Report: Running the architecture search printed "UserWarning: Using a target size (torch.Size([]))
#   that is different to the input size (torch.Size([28, 7]))" from the auxiliary (zero-one) loss;
#   the maintainer answered that the broadcasting warning can be ignored.
# Not a bug (a look-alike that must stay silent): the target of the auxiliary MSE is the constant 0.5,
#   a 0-d tensor on purpose; broadcasting it over every gate sigmoid(alpha) is exactly the intended
#   "push every gate away from 0.5" loss, not a (N, 1) vs (N,) mix-up.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(2)
np.random.seed(2)
torch.set_num_threads(1)
S = 16


def make_shapes(n=600):
    # three classes: filled square, hollow square, plus sign (hand-drawn, no torchvision)
    X = np.random.rand(n, 1, S, S).astype(np.float32) * 0.2
    y = np.random.randint(0, 3, n)
    for i in range(n):
        c, r = np.random.randint(4, S - 4, 2)
        k = np.random.randint(2, 4)
        if y[i] == 0:
            X[i, 0, r - k:r + k, c - k:c + k] = 1.0
        elif y[i] == 1:
            X[i, 0, r - k:r + k, c - k:c + k] = 1.0
            X[i, 0, r - k + 1:r + k - 1, c - k + 1:c + k - 1] = 0.1
        else:
            X[i, 0, r - k:r + k, c] = 1.0
            X[i, 0, r, c - k:c + k] = 1.0
    return torch.tensor(X), torch.tensor(y)


class MixedCell(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.ops = nn.ModuleList([nn.Conv2d(cin, cout, 3, padding=1),
                                  nn.Conv2d(cin, cout, 5, padding=2),
                                  nn.Conv2d(cin, cout, 1)])

    def forward(self, x, gates):
        return F.relu(sum(g * op(x) for g, op in zip(gates, self.ops)))


class SearchNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.cells = nn.ModuleList([MixedCell(1, 8), MixedCell(8, 16)])
        self.alphas = nn.Parameter(1e-3 * torch.randn(2, 3))
        self.classifier = nn.Linear(16, 3)

    def forward(self, x):
        gates = torch.sigmoid(self.alphas)
        for cell, g in zip(self.cells, gates):
            x = F.max_pool2d(cell(x, g), 2)
        return self.classifier(x.mean(dim=(2, 3)))


def zero_one_loss(alphas):
    # push each sigmoid gate towards 0 or 1: maximise its distance to the constant 0.5
    return -F.mse_loss(torch.sigmoid(alphas), torch.tensor(0.5, requires_grad=False))


X, y = make_shapes()
model = SearchNet()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for epoch in range(12):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 64):
        idx = perm[i:i + 64]
        opt.zero_grad()
        loss = F.cross_entropy(model(X[idx]), y[idx]) + 10 * zero_one_loss(model.alphas)
        loss.backward()
        opt.step()
    print(f"epoch {epoch + 1} loss {loss.item():.4f} gates {np.round(torch.sigmoid(model.alphas).detach().numpy(), 2)}")

with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
