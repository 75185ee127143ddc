# Rebuilt from: https://github.com/unit8co/darts/issues/2392
# Report: TCNModel (input_chunk_length=64, output_chunk_length=1, batch_size=64) trained from a custom
#   sliding-window dataset whose __getitem__ returns the reporter's own windows; inside the loss the TCN output
#   has one value per input step ((64, 64, 1) after the squeeze) while the target holds one future step,
#   so output and target shapes do not match when the loss is computed.
# Fixed twin of 264_tcn_window_target.py: __getitem__ returns the window shifted by one step (L values,
#   past target tail + the future step), so the target is (B, L, 1) like the TCN output, as darts expects.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

L = 32  # input_chunk_length


def load_series(n=800):
    t = np.arange(n)
    load = 520 + 80 * np.sin(2 * np.pi * t / 24) + 35 * np.sin(2 * np.pi * t / 168)
    noise = np.zeros(n)
    for i in range(1, n):
        noise[i] = 0.8 * noise[i - 1] + np.random.randn() * 6
    load = load + noise
    return ((load - load.mean()) / load.std()).astype(np.float32)


class LoadWindows(Dataset):
    def __init__(self, series, length):
        self.s = series
        self.length = length

    def __len__(self):
        return len(self.s) - self.length - 1

    def __getitem__(self, i):
        past = self.s[i:i + self.length].reshape(-1, 1)
        future = self.s[i + 1:i + self.length + 1].reshape(-1, 1)  # (L, 1): shifted window
        return torch.from_numpy(past), torch.from_numpy(future)


class CausalBlock(nn.Module):
    def __init__(self, cin, cout, dilation):
        super().__init__()
        self.pad = 2 * dilation
        self.conv = nn.Conv1d(cin, cout, 3, dilation=dilation)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.conv(nn.functional.pad(x, (self.pad, 0))))


class TCN(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.blocks = nn.Sequential(CausalBlock(1, hidden, 1), CausalBlock(hidden, hidden, 2),
                                    CausalBlock(hidden, hidden, 4), CausalBlock(hidden, hidden, 8))
        self.head = nn.Conv1d(hidden, 1, 1)

    def forward(self, x):                     # x: (B, L, 1)
        h = self.blocks(x.transpose(1, 2))
        return self.head(h).transpose(1, 2)   # (B, L, 1): one prediction per input step


series = load_series()
ds = LoadWindows(series, L)
loader = DataLoader(ds, batch_size=64, shuffle=True)
model = TCN()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.MSELoss()

for epoch in range(10):
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    print(f"epoch {epoch:2d} loss {total / len(ds):.4f}")

with torch.no_grad():
    X = torch.stack([ds[i][0] for i in range(len(ds))])
    y = torch.stack([ds[i][1][-1] for i in range(len(ds))]).reshape(-1)
    pred = model(X)[:, -1, 0]               # forecast for the step after the window
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
