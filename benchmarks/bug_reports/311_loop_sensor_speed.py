# Rebuilt from: https://github.com/zhiyongc/Graph_Convolutional_LSTM/issues/1
# Report: Running Main.py of a spatio-temporal LSTM that forecasts the next reading of every loop-detector
#   sensor stopped in loss_MSE(outputs, labels) with "input and target shapes do not match: input [40 x 323],
#   target [40 x 1 x 323]" (old torch). Newer torch only warns and broadcasts.
# Bug (planted: TL001): the Dataset returns the label as a (1, n_sensors) slice, so labels are (B, 1, N) while
#   the model outputs (B, N); MSELoss broadcasts them to (B, B, N) in train().
# Our own code, written after the report (not copied from it); synthetic sensor data generated in the script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)

N_SENSORS, T, SEQ = 12, 500, 8
t = np.arange(T)
phase = rng.uniform(0, 2 * np.pi, N_SENSORS)
speed = np.stack([np.sin(2 * np.pi * t / 96 + p) + 0.5 * np.sin(2 * np.pi * t / 17 + 2 * p) for p in phase], 1)
speed = speed + 0.05 * rng.standard_normal(speed.shape)
speed = ((speed - speed.mean(0)) / speed.std(0)).astype(np.float32)


class SpeedWindows(Dataset):
    def __init__(self, data, seq_len):
        self.data, self.seq_len = data, seq_len

    def __len__(self):
        return len(self.data) - self.seq_len

    def __getitem__(self, i):
        x = self.data[i:i + self.seq_len]                       # (SEQ, N)
        y = self.data[i + self.seq_len:i + self.seq_len + 1]    # (1, N)  <- keeps the time axis
        return torch.from_numpy(x), torch.from_numpy(y)


class SensorLSTM(nn.Module):
    def __init__(self, n, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(n, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, n)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1])                               # (B, N)


def train(model, loader, epochs=8):
    loss_MSE = nn.MSELoss()
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    for ep in range(epochs):
        for inputs, labels in loader:
            outputs = model(inputs)
            loss_train = loss_MSE(outputs, labels)
            opt.zero_grad()
            loss_train.backward()
            opt.step()
        if ep % 4 == 0:
            print(f"epoch {ep} loss {loss_train.item():.4f}")


ds = SpeedWindows(speed, SEQ)
train_dataloader = DataLoader(ds, batch_size=40, shuffle=True)
rnn = SensorLSTM(N_SENSORS)
train(rnn, train_dataloader)

with torch.no_grad():
    X = torch.stack([ds[i][0] for i in range(len(ds))])
    Y = torch.stack([ds[i][1] for i in range(len(ds))]).reshape(-1, N_SENSORS)
    P = rnn(X)
r2 = 1 - ((P - Y) ** 2).mean().item() / Y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
