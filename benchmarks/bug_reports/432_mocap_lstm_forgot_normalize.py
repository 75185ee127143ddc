# Rebuilt from: https://github.com/guevara/read-it-later/issues/5625
# Report: "My Neural Network isn't working! What should I do?" (a saved copy of Daniel Holden's post), whose
#   first item is "You Forgot to Normalize Your Data": features fed in their raw units, e.g. character motion
#   data in centimetres next to quantities of very different magnitude, make the network learn badly or not at
#   all; each feature should be shifted and scaled by its mean and standard deviation.
# Bug (planted: TL002): motion-capture clips go into the gait classifier in raw units (hip height ~90 cm, root
#   speed up to ~600 cm/s, foot heights in cm, 0/1 foot contacts); the LSTM's gates saturate on the large
#   columns and SGD cannot separate walk, jog and run.
# Our own code, written after the report (not copied from it); data: gait_clips.npy written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(32)
torch.manual_seed(32)
torch.set_num_threads(1)

NPY = "gait_clips.npy"
T = 20


def capture_clips(path, n=600):
    rng = np.random.default_rng(32)
    gait = rng.integers(0, 3, n)
    speed = np.array([140.0, 300.0, 520.0])[gait] + rng.normal(0, 45, n)
    freq = np.array([1.8, 2.6, 3.2])[gait] + rng.normal(0, 0.25, n)
    t = np.arange(T) / 30.0
    phase = rng.uniform(0, 2 * np.pi, n)[:, None]
    hip = 92 + np.array([1.5, 3.5, 6.0])[gait][:, None] * np.sin(2 * np.pi * 2 * freq[:, None] * t + phase)
    vel = speed[:, None] + rng.normal(0, 20, (n, T))
    lfoot = np.clip(12 * np.sin(2 * np.pi * freq[:, None] * t + phase), 0, None)
    rfoot = np.clip(12 * np.sin(2 * np.pi * freq[:, None] * t + phase + np.pi), 0, None)
    contacts = np.stack([lfoot < 1, rfoot < 1], axis=-1).astype(np.float32)
    clips = np.concatenate([np.stack([hip, vel, lfoot, rfoot], axis=-1), contacts], axis=-1)
    np.save(path, clips.astype(np.float32))
    np.save(path.replace(".npy", "_gait.npy"), gait.astype(np.int64))


class GaitLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(6, 32, batch_first=True)
        self.cls = nn.Linear(32, 3)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.cls(out[:, -1])


if not os.path.exists(NPY):
    capture_clips(NPY)

clips = np.load(NPY)
gait = torch.from_numpy(np.load(NPY.replace(".npy", "_gait.npy")))
x_all = torch.from_numpy(clips)

model = GaitLSTM()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()

for epoch in range(30):
    perm = torch.randperm(480)
    for s in range(0, 480, 32):
        idx = perm[s:s + 32]
        loss = criterion(model(x_all[idx]), gait[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(x_all[480:]).argmax(dim=1)
acc = (pred == gait[480:]).float().mean()
print(f"RESULT acc={acc.item():.4f}")
