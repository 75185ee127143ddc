# Rebuilt from: https://github.com/nasa/prog_models/issues/334
# Report: LSTMStateTransitionModel.from_data feeds the raw battery input/output series (current, temperature,
#   time, voltage) straight into the LSTM; the maintainers note that "normalizing inputs is important for
#   performance" and ask for a (value - mean) / std option, reversed on the other end.
# Bug (planted: TL002): the LSTM input windows are built from raw columns: temperature in kelvin (~300) and
#   elapsed time in seconds (up to ~3500) next to volts and amps; nothing is standardized.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)

WINDOW = 10


def simulate_discharges(n_runs=6, dt=20.0):
    rows = []
    for r in range(n_runs):
        current = rng.uniform(1.0, 3.0)
        temp = 296.0 + rng.uniform(0, 6)
        v, t = 4.15, 0.0
        while v > 3.2 and t < 3600:
            load = current * (1 + 0.3 * np.sin(t / 180.0 + r))
            temp += 0.002 * load * dt - 0.0005 * (temp - 296.0) * dt
            v -= 0.00012 * load * dt * (1 + 0.6 * (4.15 - v)) - 0.0001 * (temp - 300)
            rows.append((t, load, temp, v + 0.002 * rng.standard_normal()))
            t += dt
        rows.append(None)
    return rows


def make_windows(rows):
    X, y, run = [], [], []
    for row in rows:
        if row is None:
            for i in range(len(run) - WINDOW):
                X.append([[s[0], s[1], s[2], s[3]] for s in run[i:i + WINDOW]])
                y.append(run[i + WINDOW][3])
            run = []
        else:
            run.append(row)
    return np.array(X, dtype=np.float32), np.array(y, dtype=np.float32)


X, y = make_windows(simulate_discharges())
print("windows", X.shape, "time max", X[..., 0].max(), "temp mean", X[..., 2].mean())
X_t = torch.from_numpy(X)
y_t = torch.from_numpy(y).unsqueeze(1)


class StateTransitionLSTM(nn.Module):
    def __init__(self, n_in=4, hidden=16):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        _, (h_n, _) = self.lstm(x)
        return self.out(h_n[-1])


model = StateTransitionLSTM()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.MSELoss()
for epoch in range(25):
    perm = torch.randperm(len(X_t))
    for k in range(0, len(X_t), 64):
        idx = perm[k:k + 64]
        opt.zero_grad()
        loss = loss_fn(model(X_t[idx]), y_t[idx])
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.5f}")

with torch.no_grad():
    pred = model(X_t)
    r2 = 1 - ((pred - y_t) ** 2).mean() / y_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
