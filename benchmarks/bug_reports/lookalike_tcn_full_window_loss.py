# Rebuilt from: https://github.com/unit8co/darts/issues/1965
# Report: The TCN module returns (batch, input_chunk_length, target_size, nr_params), i.e. predictions for every
#   past step, not just output_chunk_length; the reporter suspected the loss was computed on the wrong entries.
#   After reading the docs they found it intentional: the target is the input window shifted ahead, same length.
# Not a bug (a look-alike that must stay silent): the model emits (B, L, 1) and the loss target is the shifted
#   window, also (B, L, 1); shapes match exactly, only the last position is used as the forecast.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(5)

INPUT_CHUNK = 24


def daily_sales(n=900):
    t = np.arange(n)
    s = 200 + 40 * np.sin(2 * np.pi * t / 7) + 0.05 * t + 8 * rng.standard_normal(n)
    return ((s - s.mean()) / s.std()).astype(np.float32)


def make_windows(s):
    past = np.stack([s[i:i + INPUT_CHUNK] for i in range(len(s) - INPUT_CHUNK)])
    future = np.stack([s[i + 1:i + INPUT_CHUNK + 1] for i in range(len(s) - INPUT_CHUNK)])
    return torch.from_numpy(past).unsqueeze(1), torch.from_numpy(future).unsqueeze(-1)   # (N,1,L), (N,L,1)


class Chomp(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.k = k

    def forward(self, x):
        return x[..., :-self.k]


tcn = nn.Sequential(
    nn.Conv1d(1, 16, 3, padding=2), Chomp(2), nn.ReLU(),
    nn.Conv1d(16, 16, 3, padding=4, dilation=2), Chomp(4), nn.ReLU(),
    nn.Conv1d(16, 16, 3, padding=8, dilation=4), Chomp(8), nn.ReLU(),
    nn.Conv1d(16, 1, 1),
)

past, future = make_windows(daily_sales())
opt = torch.optim.Adam(tcn.parameters(), lr=3e-3)
for epoch in range(10):
    perm = torch.randperm(len(past))
    for k in range(0, len(past), 64):
        idx = perm[k:k + 64]
        y_hat = tcn(past[idx]).transpose(1, 2)            # (B, L, 1)
        loss = nn.functional.mse_loss(y_hat, future[idx])  # (B, L, 1) vs (B, L, 1)
        opt.zero_grad()
        loss.backward()
        opt.step()

with torch.no_grad():
    pred = tcn(past).transpose(1, 2)[:, -1, 0]
    y = future[:, -1, 0]
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
