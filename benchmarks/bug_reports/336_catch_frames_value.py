# Rebuilt from: https://github.com/openai/baselines/issues/530
# Report: A user training an MLP agent on a custom gym environment asked whether observations must be
#   rescaled; the answer: 0..1 vs -1..1 does not matter, but if the range is very different from 0..1
#   (say 0..255 like Atari frames) normalization is needed.
# Bug (planted: TL002): raw 0..255 grayscale frames of a small "catch" game are flattened into an MLP value
#   network trained with plain SGD; the huge inputs blow up the updates and the value fit diverges.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(3)
torch.manual_seed(3)
SIZE, GAMMA = 8, 0.9


def render(ball_row, ball_col, paddle_col):
    frame = np.zeros((SIZE, SIZE), dtype=np.float32)
    frame[ball_row, ball_col] = 255.0
    frame[SIZE - 1, max(paddle_col - 1, 0):paddle_col + 2] = 160.0
    return frame


def make_dataset(n=3000):
    frames, values = [], []
    for _ in range(n):
        r, c, p = np.random.randint(0, SIZE - 1), np.random.randint(0, SIZE), np.random.randint(0, SIZE)
        steps_left = SIZE - 1 - r
        reachable = abs(c - p) <= steps_left + 1     # paddle moves one cell per step
        values.append((GAMMA ** steps_left) * (1.0 if reachable else -1.0))
        frames.append(render(r, c, p).ravel())
    return np.array(frames), np.array(values, dtype=np.float32)


class Trainer:
    def __init__(self, model, lr=0.01):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)

    def fit(self, X, y, epochs=40, batch_size=64):
        X, y = torch.tensor(X), torch.tensor(y)
        for epoch in range(epochs):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), batch_size):
                idx = perm[i:i + batch_size]
                pred = self.model(X[idx]).squeeze(1)
                loss = F.mse_loss(pred, y[idx])
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
            if epoch % 10 == 0:
                print(f"epoch {epoch} mse {loss.item():.4f}")

    def r2(self, X, y):
        with torch.no_grad():
            pred = self.model(torch.tensor(X)).squeeze(1)
        y = torch.tensor(y)
        return (1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)).item()


frames, values = make_dataset()
value_net = nn.Sequential(nn.Linear(SIZE * SIZE, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 1))
trainer = Trainer(value_net)
trainer.fit(frames, values)
print(f"RESULT r2={trainer.r2(frames, values):.3f}")
