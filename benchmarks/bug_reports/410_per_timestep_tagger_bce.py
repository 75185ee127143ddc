# Rebuilt from: https://github.com/keras-team/keras/issues/21795
# Report: with Keras' torch backend, binary_crossentropy between per-timestep predictions of shape (B, T, 1)
#   and labels of shape (B, T) multiplied tensors that broadcast against each other instead of matching
#   element for element; on MPS the backward pass crashed in mps.multiply. The advice in the thread was to
#   give the labels the same shape as the predictions (no stray trailing 1).
# Bug (planted: TL001): recordings of different lengths are fed one at a time, so the GRU tagger's logits are
#   (1, T, 1) while the event labels are (1, T); the stable logits form of binary cross-entropy broadcasts
#   them to (1, T, T) and every step is trained against every label of its recording.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(5)
torch.manual_seed(5)
torch.set_num_threads(1)

F_IN = 3


def make_recording(rng):
    """One sensor trace of random length; a step is an 'event' when the smoothed first channel is above 0.6."""
    T = int(rng.integers(20, 60))
    x = rng.normal(0, 1, (T, F_IN)).astype(np.float32)
    smooth = np.zeros(T, dtype=np.float32)
    for t in range(T):
        smooth[t] = 0.6 * smooth[t - 1] + 0.4 * x[t, 0] if t else x[t, 0]
    y = (smooth > 0.6).astype(np.float32)
    return torch.from_numpy(x), torch.from_numpy(y)


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(F_IN, 32, batch_first=True)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        h, _ = self.gru(x)
        return self.out(h)            # (1, T, 1) logits


def binary_crossentropy_from_logits(labels, logits):
    return torch.mean(F.softplus(logits) - labels * logits)


rng = np.random.default_rng(5)
train_recordings = [make_recording(rng) for _ in range(300)]
test_recordings = [make_recording(rng) for _ in range(100)]

model = Tagger()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(4):
    order = rng.permutation(len(train_recordings))
    for k in order:                           # recordings differ in length: one sequence per step
        x, y = train_recordings[k]
        logits = model(x.unsqueeze(0))
        loss = binary_crossentropy_from_logits(y.unsqueeze(0), logits)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

correct = total = 0
with torch.no_grad():
    for x, y in test_recordings:
        pred = (model(x.unsqueeze(0))[0] > 0).float()
        correct += (pred.view(-1) == y.view(-1)).sum().item()
        total += y.numel()
print(f"RESULT acc={correct / total:.4f}")
