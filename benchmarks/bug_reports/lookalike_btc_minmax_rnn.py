# Rebuilt from: https://github.com/Abhay64/RNN-for-BitCoin-price-prediction/issues/2
# Report: A user asks why the BitCoin RNN scales prices with MinMaxScaler rather than a Z-score: with
#   MinMax their own RNN could not predict prices above the all-time high, so they moved to Z-scores.
# Not a bug (a look-alike that must stay silent): the inputs are MinMax-scaled to [0, 1] (not standardized,
#   but on unit scale) and the RNN trains fine on them; the question is about extrapolation, not scaling.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler

torch.manual_seed(11)
rng = np.random.default_rng(11)

prices = 9000 + np.cumsum(rng.normal(15, 180, 420))  # daily BTC close in USD
sc = MinMaxScaler()
scaled = sc.fit_transform(prices.reshape(-1, 1))


def make_windows(series, look_back=10):
    xs = np.stack([series[i:i + look_back] for i in range(len(series) - look_back)])
    ys = series[look_back:]
    return torch.tensor(xs, dtype=torch.float32), torch.tensor(ys, dtype=torch.float32)


X, y = make_windows(scaled)  # X: (N, 10, 1), y: (N, 1)


class BtcRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, 24, batch_first=True)
        self.fc = nn.Linear(24, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


model = BtcRNN()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
criterion = nn.MSELoss()
for epoch in range(120):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
    if epoch % 40 == 0:
        print(epoch, f'{loss.item():.5f}')

with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f'RESULT r2={r2.item():.3f}')
