# Rebuilt from: https://discuss.pytorch.org/t/correct-way-of-using-conv1d-on-time-series-data/115806
# Report: A 1-D CNN predicts the next value of a noisy sine wave from a window of 10 steps; windows are
#   (N, 10, 1) and targets (N, 1). The model "gives really good results", but the poster worries the
#   Conv1d (in_channels = window length) is not really convolving over time.
# Not a bug (a look-alike that must stay silent): the window axis is used as channels, which is an odd
#   design, but the prediction (N, 1) and the target (N, 1) match exactly and the inputs are already O(1).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

WINDOW = 10
t = np.linspace(0, 40, 400)
wave = 4 * np.sin(t) + np.random.normal(0, 0.1, len(t))
X = np.stack([wave[i:i + WINDOW] for i in range(len(wave) - WINDOW)])[:, :, None]   # (390, 10, 1)
Y = wave[WINDOW:][:, None]                                                          # (390, 1)
X = torch.tensor(X, dtype=torch.float32)
Y = torch.tensor(Y, dtype=torch.float32)


class CNN1d(nn.Module):
    def __init__(self, input_size, output_size):
        super().__init__()
        self.conv1 = nn.Conv1d(input_size, 64, kernel_size=3, stride=1, padding=2)
        self.pool1 = nn.MaxPool1d(2)
        self.conv2 = nn.Conv1d(64, 64, kernel_size=3, stride=1, padding=1)
        self.fc1 = nn.Linear(64, output_size)
        self.fc2 = nn.Linear(1, 1)

    def forward(self, x):
        n = x.size(0)
        x = F.relu(self.conv1(x))
        x = self.pool1(x)
        x = F.relu(self.conv2(x))
        x = x.view(n, -1)
        return self.fc2(self.fc1(x))


cnn1d = CNN1d(WINDOW, 1)
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(cnn1d.parameters(), lr=1e-3)
for epoch in range(300):
    optimizer.zero_grad()
    train_pred = cnn1d(X)
    loss = loss_fn(train_pred, Y)
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = cnn1d(X)
    r2 = 1 - ((pred - Y) ** 2).mean() / Y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
