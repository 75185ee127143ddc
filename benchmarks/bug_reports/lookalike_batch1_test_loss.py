# Rebuilt from: https://github.com/AIStream-Peelout/flow-forecast/issues/246
# Report: "Certain edge cases seem to still produce this warning: Using a target size (torch.Size([1, 1])) that
#   is different to the input size (torch.Size([1, 1, 1]))" -- raised when computing the test loss of a
#   forecasting model, one window at a time.
# Not a bug (a look-alike that must stay silent): in compute_test_loss() the decoded forecast is (1, 1, 1) and
#   the target (1, 1); both hold exactly one element, so broadcasting yields the same single squared error.
#   Training itself uses (B, 1) predictions against (B, 1) targets. The warning is harmless here.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(5)


def make_windows(series, history=24):
    xs, ys = [], []
    for i in range(len(series) - history):
        xs.append(series[i:i + history])
        ys.append(series[i + history])
    return (torch.tensor(np.array(xs), dtype=torch.float32).unsqueeze(-1),
            torch.tensor(np.array(ys), dtype=torch.float32).unsqueeze(-1))


class LSTMForecaster(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):                 # x: (B, T, 1) -> (B, 1)
        h, _ = self.lstm(x)
        return self.out(h[:, -1, :])


def simple_decode(model, src, forecast_length=1):
    """Autoregressive decoding; returns (1, forecast_length, 1) like the library's decoder."""
    preds = []
    window = src.clone()
    for _ in range(forecast_length):
        nxt = model(window)                              # (1, 1)
        preds.append(nxt)
        window = torch.cat([window[:, 1:, :], nxt.unsqueeze(1)], dim=1)
    return torch.stack(preds, dim=1)


def compute_test_loss(model, X_test, y_test, criterion):
    model.eval()
    losses, outs = [], []
    with torch.no_grad():
        for i in range(len(X_test)):
            src, targ = X_test[i:i + 1], y_test[i:i + 1]     # (1, T, 1), (1, 1)
            output = simple_decode(model, src)               # (1, 1, 1)
            losses.append(criterion(output, targ).item())
            outs.append(output.view(-1))
    return float(np.mean(losses)), torch.cat(outs)


t = np.arange(1400)
series = np.sin(2 * np.pi * t / 50) + 0.5 * np.sin(2 * np.pi * t / 17) + 0.1 * rng.normal(size=len(t))
X, y = make_windows(series)
X_train, y_train, X_test, y_test = X[:1100], y[:1100], X[1100:], y[1100:]

model = LSTMForecaster()
criterion = nn.MSELoss()
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
for epoch in range(12):
    model.train()
    perm = torch.randperm(len(X_train))
    for i in range(0, len(X_train), 64):
        idx = perm[i:i + 64]
        opt.zero_grad()
        loss = criterion(model(X_train[idx]), y_train[idx])
        loss.backward()
        opt.step()

test_loss, test_pred = compute_test_loss(model, X_test, y_test, criterion)
yt = y_test.view(-1)
r2 = 1 - torch.mean((test_pred - yt) ** 2) / torch.var(yt, unbiased=False)
print(f"test loss {test_loss:.4f}")
print(f"RESULT r2={r2.item():.3f}")
