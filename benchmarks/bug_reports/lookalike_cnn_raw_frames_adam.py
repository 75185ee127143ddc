# Rebuilt from: https://github.com/thu-ml/tianshou/issues/440
# Report: A user noticed the Atari CNN examples feed frames without dividing by 255; the follow-up tests
#   showed the missing scaling barely matters in practice because Adam normalizes the update scale.
# Not a bug (a look-alike that must stay silent): raw 0..255 frames go into a small CNN trained with Adam;
#   this trains fine, so the unscaled pixels are not a real problem here.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(4)
torch.manual_seed(4)
SIZE = 10


def make_demos(n=2000):
    # catch-like frames; expert moves the paddle toward the ball column: 0 left, 1 stay, 2 right
    X = np.zeros((n, 1, SIZE, SIZE), dtype=np.float32)
    y = np.zeros(n, dtype=np.int64)
    for i in range(n):
        r, c, p = np.random.randint(0, SIZE - 1), np.random.randint(0, SIZE), np.random.randint(1, SIZE - 1)
        X[i, 0, r, c] = 255.0
        X[i, 0, SIZE - 1, p - 1:p + 2] = 255.0
        y[i] = 0 if c < p else (2 if c > p else 1)
    return torch.tensor(X), torch.tensor(y)


class PolicyCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding=1), nn.ReLU())
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(16 * SIZE * SIZE, 64), nn.ReLU(), nn.Linear(64, 3))

    def forward(self, x):
        return self.head(self.conv(x))


X, y = make_demos()
model = PolicyCNN()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(8):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 64):
        idx = perm[i:i + 64]
        loss = loss_fn(model(X[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
