# Rebuilt from: https://it.mathworks.com/matlabcentral/answers/2163725-lstm-input-and-output-dimension-problem
# Report: Univariate forecasting, 9600 windows of 20 points, each labelled with the next point. The LSTM layer
#   returned the whole sequence, so predictions were 1 x 128 x 20 (C x B x T) against targets 1 x 128 x 1;
#   the answer: only the last time step is wanted (OutputMode 'last').
# Bug (planted: TL001): SensorLSTM.forward applies the linear head to every step of `out` and returns (B, 20, 1);
#   the target windows are (B, 1, 1), so nn.MSELoss broadcasts the next value over all 20 step outputs.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(1)
torch.set_num_threads(1)
np.random.seed(1)

NUM_TIME_STEPS = 20


def make_windows(series, steps):
    X, Y = [], []
    for i in range(len(series) - steps):
        X.append(series[i:i + steps])          # (20, 1)
        Y.append(series[i + steps:i + steps + 1])  # (1, 1)
    return np.array(X, dtype=np.float32), np.array(Y, dtype=np.float32)


t = np.arange(0, 1300)
reading = np.sin(0.07 * t) + 0.5 * np.sin(0.31 * t) + 0.05 * np.random.randn(len(t))
data = reading.reshape(-1, 1)
X, Y = make_windows(data, NUM_TIME_STEPS)
X, Y = torch.from_numpy(X), torch.from_numpy(Y)
print("X", tuple(X.shape), "Y", tuple(Y.shape))


class SensorLSTM(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        out, (h_n, c_n) = self.lstm(x)
        return self.fc(out)


model = SensorLSTM()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)

batch = 128
for epoch in range(8):
    perm = torch.randperm(len(X))
    running = 0.0
    for k in range(0, len(X), batch):
        idx = perm[k:k + batch]
        optimizer.zero_grad()
        loss = criterion(model(X[idx]), Y[idx])
        loss.backward()
        optimizer.step()
        running += loss.item() * len(idx)
    print(f"epoch {epoch} mse {running / len(X):.4f}")

with torch.no_grad():
    pred = model(X)[:, -1, 0]
    y = Y.reshape(-1)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
