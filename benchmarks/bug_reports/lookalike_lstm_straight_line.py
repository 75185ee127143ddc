# Rebuilt from: https://discuss.pytorch.org/t/time-series-the-prediction-result-of-lstm-is-approximately-straight-line/98896
# Report: Forecasting a series from the three previous points, an nn.RNN gives acceptable predictions but
#         nn.LSTM(3, 3) + Linear(3, 1) with the "same data structure" predicts an almost straight line.
#         The data are use_data of size [1790, 1, 3] and back_data of size [1790, 1, 1], wrapped in a
#         TensorDataset and a DataLoader with batch_size=1; hidden and cell states are passed in.
# Not a bug (a look-alike that must stay silent): the odd 3-D tensors line up - with a sequence-first LSTM
#         each batch is x (1, 1, 3) -> output (1, 1, 1) and target (1, 1, 1), so nn.MSELoss compares
#         equal shapes; the flat LSTM forecast in the thread came from training, not from a shape mismatch.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils import data

torch.manual_seed(0)
np.random.seed(0)

t = np.arange(0, 303)
series = np.sin(t * 0.12) + 0.3 * np.sin(t * 0.031) + np.random.normal(0, 0.05, len(t))
use_data = torch.tensor(np.stack([series[i:i + 3] for i in range(300)]), dtype=torch.float32).view(300, 1, 3)
back_data = torch.tensor(series[3:303], dtype=torch.float32).view(300, 1, 1)

train_set = data.TensorDataset(use_data, back_data)
loader = data.DataLoader(dataset=train_set, batch_size=1, shuffle=False, num_workers=0)


class lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 3)
        self.linear = nn.Linear(3, 1)

    def forward(self, x, h):
        y1, h = self.lstm(x, h)
        return self.linear(y1), h


NET = lstm()
optimizer = torch.optim.Adam(NET.parameters(), lr=0.01)
loss_func = nn.MSELoss()

for step in range(8):
    h_state = (torch.zeros(1, 1, 3), torch.zeros(1, 1, 3))
    for x, y in loader:                       # x: (1, 1, 3), y: (1, 1, 1)
        prediction, h_state = NET(x, h_state)
        h_state = (h_state[0].detach(), h_state[1].detach())
        loss = loss_func(prediction, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {step} last loss {loss.item():.5f}")

with torch.no_grad():
    h_state = (torch.zeros(1, 1, 3), torch.zeros(1, 1, 3))
    preds = []
    for x, _ in loader:
        p, h_state = NET(x, h_state)
        preds.append(p.item())
preds = torch.tensor(preds)
target = back_data.view(-1)
r2 = 1 - torch.mean((preds - target) ** 2) / torch.var(target, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
