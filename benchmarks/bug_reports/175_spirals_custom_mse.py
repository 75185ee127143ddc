# Rebuilt from: https://github.com/jax-ml/jax/issues/2697
# Report: "Simple Classification with MSE Loss": two-spirals data, a ReLU MLP and a hand-written loss
#   mean((preds - targets)**2); the loss gets stuck at 0.25 whatever the architecture, while the
#   same setup works for 1-D regression. The reporter's PyTorch version did train_y.unsqueeze(-1).
# Bug (planted: TL001): targets come out of twospirals() with shape (N,) while the net outputs (N,1);
#   the hand-written loss broadcasts (preds - targets) to (N,N), so every prediction is pulled to the mean.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
from torch import nn

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)


def twospirals(n_points, noise=0.5):
    n = np.sqrt(np.random.rand(n_points, 1)) * 600 * (2 * np.pi) / 360
    d1x = -1.5 * np.cos(n) * n + np.random.randn(n_points, 1) * noise
    d1y = 1.5 * np.sin(n) * n + np.random.randn(n_points, 1) * noise
    X = np.vstack((np.hstack((d1x, d1y)), np.hstack((-d1x, -d1y))))
    Y = np.hstack((np.zeros(n_points), np.ones(n_points)))
    return X, Y


X, Y = twospirals(250, noise=0.8)
train_x = torch.FloatTensor(X) / 10.0      # coordinates are within about +-15
train_y = torch.FloatTensor(Y)             # shape (500,)

width = 64
mod_list = [nn.Linear(2, width), nn.ReLU(),
            nn.Linear(width, width), nn.ReLU(),
            nn.Linear(width, width), nn.ReLU(),
            nn.Linear(width, 1)]
model = nn.Sequential(*nn.ModuleList(mod_list))


def loss_fn(preds, targets):
    return torch.mean((preds - targets) ** 2)


opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(800):
    opt.zero_grad()
    preds = model(train_x)
    loss = loss_fn(preds, train_y)
    loss.backward()
    opt.step()
    if step % 200 == 0:
        print(f"step {step} loss {loss.item():.4f}")

with torch.no_grad():
    p = model(train_x).view(-1)
acc = ((p > 0.5).float() == train_y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
