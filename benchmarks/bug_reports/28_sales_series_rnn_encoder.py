# Rebuilt from: https://github.com/mindsdb/lightwood/issues/170
# Report: "the values in the timeseries are not normalized before they are passed
#   to the RNN encoder. There should be a normalization step".
# Bug (planted: TL002): weekly sales (~5,000) and store size in square metres
#   (~1,200) next to a promotion flag (0/1), windowed and fed raw to a GRU encoder.
# Our own code, written after the report (not copied from it).
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(8)
weeks = 400
promotion = (rng.random(weeks) < 0.2).astype(np.float64)
store_size = np.full(weeks, 1200.0) + rng.normal(0.0, 5.0, size=weeks)
sales = 5000 + 800 * np.sin(np.arange(weeks) / 8.0) + 1500 * promotion + rng.normal(0.0, 200.0, size=weeks)
table = np.column_stack([sales, store_size, promotion]).astype(np.float32)

window = 12
X = torch.tensor(np.stack([table[i:i + window] for i in range(weeks - window)]))
next_sales = sales[window:]
y = torch.tensor((next_sales - next_sales.mean()) / next_sales.std(), dtype=torch.float32).unsqueeze(1)


class Encoder(nn.Module):
    def __init__(self, n_features=3, hidden=32):
        super().__init__()
        self.rnn = nn.GRU(n_features, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        _, h = self.rnn(x)
        return self.head(h[-1])


torch.manual_seed(0)
encoder = Encoder()
optimizer = torch.optim.Adam(encoder.parameters(), lr=0.01)
criterion = nn.MSELoss()
for epoch in range(150):
    optimizer.zero_grad()
    loss = criterion(encoder(X), y)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    pred = encoder(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var()
print(f"RESULT r2={r2.item():.3f}")
