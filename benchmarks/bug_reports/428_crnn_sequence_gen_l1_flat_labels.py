# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/28394
# Report: "Custom TF 2.0 training loop performing considerably worse than keras fit_generator - can't understand
#   why": the same CRNN regressor (convolutions followed by a recurrent layer) trained with mean absolute error
#   reaches a much lower error through fit_generator than through a hand-written loop fed by the same batch
#   generator, whose labels come out one-dimensional while the model predicts (batch, 1).
# Bug (planted: TL001): the Sequence-style batch generator slices labels from a 1-D array, so each batch's
#   target is (B,) against the CRNN's (B, 1); nn.L1Loss broadcasts to B x B and the loop fits the batch median.
# Our own code, written after the report (not copied from it); data: tone_windows.txt written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(28)
torch.manual_seed(28)
torch.set_num_threads(1)

TXT = "tone_windows.txt"
WIN = 32


def record_tones(path, n=1000):
    rng = np.random.default_rng(28)
    t = np.arange(WIN) / WIN
    freq = rng.uniform(1.0, 6.0, n)
    phase = rng.uniform(0, 2 * np.pi, n)
    amp = rng.uniform(0.5, 1.5, n)
    sig = amp[:, None] * np.sin(2 * np.pi * freq[:, None] * t[None, :] + phase[:, None])
    sig = sig + rng.normal(0, 0.05, sig.shape)
    np.savetxt(path, np.column_stack([sig, freq]), fmt="%.4f")


class WindowSequence:
    """Batches like a keras.utils.Sequence: gen[k] is the k-th (samples, labels) pair."""

    def __init__(self, windows, labels, batch_size=32):
        self.windows = windows
        self.labels = labels
        self.batch_size = batch_size
        self.order = np.arange(len(windows))

    def __len__(self):
        return len(self.windows) // self.batch_size

    def __getitem__(self, k):
        idx = self.order[k * self.batch_size:(k + 1) * self.batch_size]
        samples = torch.from_numpy(self.windows[idx]).unsqueeze(1)
        labels = torch.from_numpy(self.labels[idx])
        return samples, labels

    def on_epoch_end(self):
        np.random.shuffle(self.order)


class CRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv1d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool1d(2))
        self.rnn = nn.GRU(16, 32, batch_first=True)
        self.head = nn.Linear(32, 1)

    def forward(self, x):
        h = self.conv(x).transpose(1, 2)
        out, _ = self.rnn(h)
        return self.head(out[:, -1])


if not os.path.exists(TXT):
    record_tones(TXT)

raw = np.loadtxt(TXT, dtype=np.float32)
windows, freqs = raw[:, :WIN], raw[:, WIN]
train_gen = WindowSequence(windows[:800], freqs[:800])

model = CRNN()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.L1Loss()

for epoch in range(25):
    for k in range(len(train_gen)):
        samples, labels = train_gen[k]
        loss = loss_fn(model(samples), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    train_gen.on_epoch_end()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(torch.from_numpy(windows[800:]).unsqueeze(1)).view(-1)
target = torch.from_numpy(freqs[800:])
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
