# Fixed twin of 01_lstm_next_number.py: the targets get their column: `.unsqueeze(1)`, (N, 1).
# Rebuilt from: https://discuss.pytorch.org/t/in-a-number-sequence-1-2-3-4-estimate-the-next-number-using-lstm/202270
# Report: an LSTM fed sliding windows of a number sequence should predict the next
#   number; PyTorch warns "Using a target size (torch.Size([1])) that is different
#   to the input size" and the predictions are wrong.
# The bug (TL001) of its twin, fixed here: the windows' targets are 1-D (N,) while the model returns
#   (N, 1): MSELoss broadcasts them to (N, N) and the model learns the mean target.
# Our own code, written after the report (not copied from it).
import numpy as np
import torch
import torch.nn as nn


def make_windows(series, window):
    xs, ys = [], []
    for i in range(len(series) - window):
        xs.append(series[i:i + window])
        ys.append(series[i + window])
    return np.array(xs), np.array(ys)


class NextNumber(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


series = np.sin(np.linspace(0, 40, 400)).astype(np.float32)
windows, following = make_windows(series, 10)
X = torch.tensor(windows).unsqueeze(-1)
y = torch.tensor(following).unsqueeze(1)

torch.manual_seed(0)
model = NextNumber()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(150):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    pred = model(X).reshape(-1)
    r2 = 1 - ((pred - y.reshape(-1)) ** 2).mean() / y.reshape(-1).var()
print(f"RESULT r2={r2.item():.3f}")
