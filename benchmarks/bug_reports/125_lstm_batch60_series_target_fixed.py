# Rebuilt from: https://github.com/mlpanda/DeepLearning_Financial/issues/2
# Report: Running the S&P500 LSTM training stopped with "input and target shapes do not match:
#   input [60 x 1], target [60]" (PyTorch 0.4); the user fixed it with
#   loss = criterion(out.view(len(target)), target). Current PyTorch only warns and broadcasts.
# Fixed twin of 125_lstm_batch60_series_target.py: the output is reshaped to the target length, out.view(len(target)), as in the report
# Our own code, written after the report (not copied from it); data: sp500_indicators.csv (make_sp500.py)
import random
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.optim as optim

np.random.seed(0); random.seed(0); torch.manual_seed(0)

data = pd.read_csv("sp500_indicators.csv", sep=";")
feats = data.iloc[:, 2:].copy()
scales = {"Close Price": 1000, "Open Price": 1000, "High Price": 1000, "Low Price": 1000, "Volume": 1e9,
          "MACD": 10, "CCI": 100, "ATR": 100, "US Dollar Index": 100}
for col, s in scales.items():
    feats[col] = feats[col] / s
log_ret = np.log(data["Close Price"]).diff().shift(-1) * 100      # tomorrow's log return in %


def prepare_data_lstm(x_feats, y_series, time_steps):
    xs, ys = [], []
    for t in range(time_steps, len(x_feats) - 1):
        xs.append(x_feats[t - time_steps + 1:t + 1])
        ys.append(y_series[t])
    return xs, ys


class ExampleDataset:
    def __init__(self, x, y, batchsize):
        self.x, self.y, self.batchsize = x, y, batchsize
    def __len__(self):
        return int(np.ceil(len(self.x) / self.batchsize))
    def __getitem__(self, idx):
        sl = slice(idx * self.batchsize, (idx + 1) * self.batchsize)
        return {"x": self.x[sl], "y": self.y[sl]}


class Sequence(nn.Module):
    def __init__(self, nb_features=1, hidden_size=32, nb_layers=2, dropout=0.1):
        super(Sequence, self).__init__()
        self.nb_layers, self.hidden_size = nb_layers, hidden_size
        self.lstm = nn.LSTM(nb_features, hidden_size, nb_layers, dropout=dropout)
        self.lin = nn.Linear(hidden_size, 1)

    def forward(self, input):
        h0 = torch.zeros(self.nb_layers, input.size(1), self.hidden_size)
        c0 = torch.zeros(self.nb_layers, input.size(1), self.hidden_size)
        output, hn = self.lstm(input, (h0, c0))
        return self.lin(output[-1])


x_train, y_train = prepare_data_lstm(feats.values.astype(np.float32), log_ret.values.astype(np.float32), time_steps=4)
seq = Sequence(feats.shape[1])
criterion = nn.MSELoss()
optimizer = optim.Adam(params=seq.parameters(), lr=0.005)
batchsize = 60

for i in range(40):
    seq.train()
    combined = list(zip(x_train, y_train))
    random.shuffle(combined)
    x_train[:], y_train[:] = zip(*combined)
    trainloader = ExampleDataset(x_train, y_train, batchsize)
    loss_train = 0.0
    for j in range(len(trainloader)):
        sample = trainloader[j]
        input = torch.transpose(torch.FloatTensor(np.stack(sample["x"])), 0, 1)
        target = torch.FloatTensor([x for x in sample["y"]])
        optimizer.zero_grad()
        out = seq(input)
        loss = criterion(out.view(len(target)), target)
        loss.backward()
        optimizer.step()
        loss_train += float(loss.item())
    if i % 10 == 0:
        print("LOSS TRAIN: " + str(loss_train / len(trainloader)))

seq.eval()
with torch.no_grad():
    pred = seq(torch.transpose(torch.FloatTensor(np.stack(x_train)), 0, 1)).view(-1)
y_all = torch.FloatTensor(y_train).view(-1)
r2 = 1 - torch.mean((pred - y_all) ** 2) / torch.var(y_all, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
