# Rebuilt from: https://datascience.stackexchange.com/questions/54551/time-series-forecasting-with-rnns
# Report: an LSTM forecasting x[t+1] from a 64-step history of a series scaled to
#   0..1 predicts identical values (to 6 decimals) whatever the input.
# Bug (planted: TL001): forward() returns `out.view(-1)` (B,) while the targets
#   were kept as a column (B, 1): MSELoss broadcasts to (B, B) and the model
#   collapses to the mean.
# Our own code, written after the report (not copied from it).
import numpy as np
import torch
import torch.nn as nn


class LSTMModel(nn.Module):
    def __init__(self, hidden_dim=32):
        super().__init__()
        self.rnn = nn.LSTM(1, hidden_dim, num_layers=1, batch_first=True)
        self.fc = nn.Linear(hidden_dim, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        out = self.fc(out[:, -1])
        return out.view(-1)


rng = np.random.default_rng(3)
walk = np.cumsum(rng.normal(0.0, 1.0, size=700))
series = (walk - walk.min()) / (walk.max() - walk.min())
history = 16
inputs = np.stack([series[i:i + history] for i in range(len(series) - history)])
targets = np.array([series[i + history] for i in range(len(series) - history)]).reshape(-1, 1)

X = torch.tensor(inputs, dtype=torch.float32).unsqueeze(-1)
y = torch.tensor(targets, dtype=torch.float32)

torch.manual_seed(0)
model = LSTMModel()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(120):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    pred = model(X).reshape(-1)
    r2 = 1 - ((pred - y.reshape(-1)) ** 2).mean() / y.reshape(-1).var()
print(f"RESULT r2={r2.item():.3f}")
