# Rebuilt from: https://ai.stackexchange.com/questions/40022/regression-model-diverging-after-adding-a-new-feature-with-higher-variance-and-m
# Report: a CNN+LSTM time-series regressor that predicts percent changes trained fine on the existing
#   percent-change features, but diverged as soon as a new feature of much larger magnitude/variance
#   (levels between ~4 and ~3000, i.e. percent changes up to ~150) was appended to the inputs.
# Bug (planted: TL002): make_windows() feeds the new feature's raw percent change (values up to the hundreds)
#   next to percent-change features of scale ~0.02; no column is log-transformed or standardized before the model.
# Our own code, written after the report (not copied from it); synthetic series generated in the script
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

T, WIN = 1400, 12


def load_data():
    # two "well behaved" series plus the new, wild one (e.g. a volume that jumps between 4 and 3000)
    lvl1 = 100 * np.exp(np.cumsum(0.02 * np.random.randn(T)))
    lvl2 = 50 * np.exp(np.cumsum(0.03 * np.random.randn(T)))
    new_log = np.clip(np.cumsum(2.0 * np.random.randn(T)), -np.log(25), np.log(20)) + np.log(300)
    new = np.exp(new_log)
    return lvl1, lvl2, new


def pct_change(a):
    return a[1:] / a[:-1] - 1.0


def make_windows(lvl1, lvl2, new):
    f1, f2 = pct_change(lvl1), pct_change(lvl2)
    f3 = pct_change(new)                      # raw percent change of the new feature
    feats = np.stack([f1, f2, f3], axis=1).astype(np.float32)
    # target: next-step change of series 2, driven by lagged series 1 and the direction of the new one
    dnew = np.diff(np.log(new))
    y = 100 * 0.3 * np.roll(f1, 1) + 100 * (0.03 * np.tanh(np.roll(dnew, 1)) + 0.005 * np.random.randn(len(f1)))  # in percent
    X, Y = [], []
    for t in range(WIN + 1, len(feats)):
        X.append(feats[t - WIN:t])
        Y.append(y[t])
    return torch.tensor(np.array(X)), torch.tensor(np.array(Y), dtype=torch.float32).unsqueeze(1)


class Flow(nn.Module):
    def __init__(self, n_in, hid=16):
        super().__init__()
        self.conv = nn.Conv1d(n_in, hid, kernel_size=3, padding=1)
        self.lstm = nn.LSTM(hid, hid, batch_first=True)
        self.head = nn.Sequential(nn.Linear(hid, 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x):                       # x: (B, WIN, n_in)
        h = torch.relu(self.conv(x.transpose(1, 2))).transpose(1, 2)
        out, _ = self.lstm(h)
        return self.head(out[:, -1])


X, Y = make_windows(*load_data())
model = Flow(X.shape[2])
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.MSELoss()

for epoch in range(25):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 64):
        idx = perm[i:i + 64]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.6f}")

with torch.no_grad():
    pred = model(X)
r2 = 1 - ((pred - Y) ** 2).mean() / Y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
