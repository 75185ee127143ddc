# Rebuilt from: https://stats.stackexchange.com/questions/507591/proper-shape-of-lstm-dataset-for-keras
# Report: An LSTM should output the average of the last three numbers of a stream of random digits 0-9; the MSE
#   stayed near 2 and the asker notes that "normalizing the input / outputs does not help". The problem was the
#   input shape (one step per sample), not the scale.
# Not a bug (a look-alike that must stay silent): the inputs are raw digits 0-9, small and on one common scale;
#   with windows of three steps the LSTM fits the rolling mean without any normalization.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

digits = np.random.randint(0, 10, size=(1000,))
target = np.array([digits[max(0, i - 2):i + 1].mean() for i in range(len(digits))])

X = np.stack([digits[i - 2:i + 1] for i in range(2, len(digits))]).astype(np.float32)[..., None]  # (998, 3, 1)
y = target[2:].astype(np.float32)[:, None]                                                          # (998, 1)
X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)

lstm = nn.LSTM(input_size=1, hidden_size=16, batch_first=True)
dense = nn.Linear(16, 1)
opt = torch.optim.Adam(list(lstm.parameters()) + list(dense.parameters()), lr=1e-2)

for epoch in range(40):
    perm = torch.randperm(len(X_t))
    for k in range(0, len(X_t), 50):
        idx = perm[k:k + 50]
        out, _ = lstm(X_t[idx])
        pred = dense(out[:, -1, :])
        loss = ((pred - y_t[idx]) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

with torch.no_grad():
    out, _ = lstm(X_t)
    pred = dense(out[:, -1, :])
    r2 = 1 - ((pred - y_t) ** 2).mean() / y_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
