# Rebuilt from: https://github.com/pytorch/pytorch/issues/19675
# Report: with nn.LSTM(..., batch_first=True) and input (60, 8, 256), the final hidden state h_n comes
#   out as (1, 60, 512): "batch is now the second dimension", so batch_first looked broken.
# Not a bug (a look-alike that must stay silent): batch_first only applies to input/output, never to
#   h_n/c_n, which are always (num_layers * directions, batch, hidden); h_n[-1] is (batch, hidden) and is
#   exactly the last layer's final state for every sample.
# Our own code, written after the report (not copied from it); synthetic weather data generated below
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)


def make_weather(n_days=900, window=8):
    d = np.arange(n_days)
    temp = 14 + 9 * np.sin(2 * np.pi * d / 365) + np.random.normal(0, 1.5, n_days)
    humidity = 65 - 1.2 * (temp - 14) + np.random.normal(0, 4, n_days)
    pressure = 1013 + np.random.normal(0, 5, n_days)
    # standardised daily features, target: tomorrow's temperature (standardised)
    feats = np.stack([temp, humidity, pressure], axis=1)
    feats = (feats - feats.mean(0)) / feats.std(0)
    X = np.stack([feats[i:i + window] for i in range(n_days - window)]).astype(np.float32)
    y = feats[window:, 0].astype(np.float32)
    return torch.from_numpy(X), torch.from_numpy(y)


class TempForecaster(nn.Module):
    def __init__(self, n_features=3, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        _, (final_hidden, _) = self.lstm(x)     # final_hidden: (1, batch, hidden) even with batch_first
        return self.fc(final_hidden[-1]).squeeze(-1)


X, y = make_weather()
print("input", tuple(X.shape), "h_n", tuple(nn.LSTM(3, 32, batch_first=True)(X[:60])[1][0].shape))
model = TempForecaster()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(30):
    for i in range(0, len(X), 60):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(X[i:i + 60]), y[i:i + 60])
        loss.backward()
        opt.step()

with torch.no_grad():
    pred = model(X)
r2 = 1 - ((pred - y) ** 2).mean().item() / y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
