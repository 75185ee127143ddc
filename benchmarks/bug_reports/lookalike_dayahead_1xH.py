# Rebuilt from: https://github.com/pytorch/tutorials/pull/213
# Report: In the 60-minute blitz, the net's output has shape (1, 10) while the dummy target is built as
#   torch.arange(1, 11) of shape (10,); the old PyTorch raised "input and target shapes do not match", and the
#   PR reshaped the target to (1, 10). With broadcasting, (1, 10) against (10,) lines up element by element.
# Not a bug (a look-alike that must stay silent): one day at a time, the model outputs a (1, 24) hourly load
#   profile and the target day is a (24,) row; broadcasting pairs hour i with hour i, so the loss is the right MSE.
# Our own code, written after the report (not copied from it); daily load profiles are synthetic (make_days())
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(8)
torch.set_num_threads(1)
np.random.seed(8)


def make_days(n_days=200):
    hours = np.arange(24)
    shape = 0.5 + 0.3 * np.clip(np.sin(np.pi * (hours - 6) / 15), 0, None) + 0.2 * ((hours >= 17) & (hours <= 21))
    level = 1 + 0.25 * np.sin(2 * np.pi * np.arange(n_days) / 30) + np.cumsum(np.random.normal(0, 0.02, n_days))
    weekend = np.where(np.arange(n_days) % 7 >= 5, 0.8, 1.0)
    days = (level * weekend)[:, None] * shape[None, :] + np.random.normal(0, 0.02, (n_days, 24))
    dow = np.eye(7)[np.arange(n_days) % 7]
    return days.astype(np.float32), dow.astype(np.float32)


days, dow = make_days()
inputs = torch.from_numpy(np.hstack([days[:-1], dow[1:]]))   # yesterday's 24 h + tomorrow's weekday one-hot
targets = torch.from_numpy(days[1:])                           # next day's 24 h, rows of shape (24,)

net = nn.Sequential(nn.Linear(31, 48), nn.ReLU(), nn.Linear(48, 24))
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)

for epoch in range(15):
    total = 0.0
    for i in range(len(inputs)):
        optimizer.zero_grad()
        output = net(inputs[i].unsqueeze(0))     # (1, 24)
        target = targets[i]                      # (24,)
        loss = criterion(output, target)
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 5 == 0:
        print(f"epoch {epoch} mean loss {total / len(inputs):.5f}")

with torch.no_grad():
    pred = net(inputs)
    r2 = 1 - torch.mean((pred - targets) ** 2) / torch.var(targets, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
