# Rebuilt from: https://github.com/hunkim/DeepLearningZeroToAll/pull/137
# Report: Lab 12 RNN stock prediction (Open, High, Low, Volume, Close -> next Close, 7-day windows). The code
#   carries the comment "very important. It does not work without it." on the MinMaxScaler step; the PR
#   splits it into X_scaler / Y_scaler so predictions can be inverse-scaled.
# Bug (planted: TL002): the scaler step is left out, so raw prices (~800) and Volume (~1.6e6) feed the LSTM
#   directly; the gates saturate and the net cannot follow the close price.
# Our own code, written after the report (not copied from it); data: stock_daily.csv from make_stock_daily.py
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(777)
np.random.seed(777)

seq_length = 7
data_dim = 5
hidden_dim = 10
learning_rate = 0.01
iterations = 150

xy = np.loadtxt('stock_daily_scic.csv', delimiter=',', skiprows=1)
xy = xy[::-1]  # reverse order (chronically ordered)

x = xy
y = xy[:, [-1]]  # Close as label


def make_windows(x, y, seq_length):
    data_x, data_y = [], []
    for i in range(0, len(y) - seq_length):
        data_x.append(x[i:i + seq_length])
        data_y.append(y[i + seq_length])
    return (torch.tensor(np.array(data_x), dtype=torch.float32),
            torch.tensor(np.array(data_y), dtype=torch.float32))


dataX, dataY = make_windows(x, y, seq_length)
train_size = int(len(dataY) * 0.7)
trainX, trainY = dataX[:train_size], dataY[:train_size]


class StockRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(data_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, 1)

    def forward(self, inp):
        out, _ = self.lstm(inp)
        return self.fc(out[:, -1])


model = StockRNN()
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
criterion = nn.MSELoss()

for i in range(iterations):
    optimizer.zero_grad()
    loss = criterion(model(trainX), trainY)
    loss.backward()
    optimizer.step()
    if i % 50 == 0:
        print(i, loss.item())

with torch.no_grad():
    pred = model(trainX)
    r2 = 1 - ((pred - trainY) ** 2).mean() / trainY.var(unbiased=False)
print(f'RESULT r2={r2.item():.3f}')
