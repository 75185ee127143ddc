# Rebuilt from: https://github.com/etai83/lstm_stock_prediction/issues/3
# Report: After switching the data source from Yahoo to the Google API, the LSTM's prediction is always ~0 and
#   the accuracy print stays 0. Maintainer: change the stock values in the df so they are ~0.3 (divide by
#   1000 instead of leaving them large) and shorten the window from 22 to 5, so the model trains.
# Fixed twin of 224_goog_lstm_window.py: the stock values in df are divided by 1000 before windowing
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(42)
rng = np.random.default_rng(42)


def get_stock_data(n_days=400):
    close = 720 + np.cumsum(rng.normal(0.4, 8.0, n_days))
    df = pd.DataFrame({'Open': close + rng.normal(0, 4, n_days),
                       'High': close + np.abs(rng.normal(6, 3, n_days)),
                       'Close': close})
    return df


def load_data(stock, seq_len):
    data = stock.values
    result = np.array([data[i:i + seq_len + 1] for i in range(len(data) - seq_len)])
    x = result[:, :-1]
    y = result[:, -1, -1:]
    return torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)


class StackedLSTM(nn.Module):
    def __init__(self, n_feat=3):
        super().__init__()
        self.lstm1 = nn.LSTM(n_feat, 64, batch_first=True)
        self.lstm2 = nn.LSTM(64, 32, batch_first=True)
        self.dense = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x):
        h, _ = self.lstm1(x)
        h, _ = self.lstm2(h)
        return self.dense(h[:, -1])


df = get_stock_data()
df = df / 1000
window = 5
X_train, y_train = load_data(df, window)

model = StackedLSTM()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
batch_size = 32
for epoch in range(15):
    perm = torch.randperm(len(X_train))
    for b in range(0, len(perm), batch_size):
        idx = perm[b:b + batch_size]
        opt.zero_grad()
        loss = loss_fn(model(X_train[idx]), y_train[idx])
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print('epoch', epoch, 'mse', round(loss.item(), 5))

with torch.no_grad():
    p = model(X_train)
    print('first predictions:', p[:3].squeeze(1).tolist())
    r2 = 1 - ((p - y_train) ** 2).mean() / y_train.var(unbiased=False)
print(f'RESULT r2={r2.item():.3f}')
