# Rebuilt from: https://stats.stackexchange.com/questions/252610/should-i-rescale-inputs-for-a-neural-networks-application-on-predicting-stock
# Report: A class project ANN predicts the daily highest value from open, low, close, volume and adj close.
#   Volume is way bigger than the others (e.g. 2071.82, 2052.28, 2065.30, 4704720000, 2065.30), the network
#   has trouble with the inputs; answers: standardize each feature (center, then scale) before training.
# Fixed twin of 221_stock_daily_high.py: each input column is standardized (x - mean) / std before training
# Our own code, written after the report (not copied from it); data: spx_daily.csv from make_spx_daily.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)

FEATURES = ['Open', 'Low', 'Close', 'Volume', 'Adj Close']


def load_data(path='spx_daily.csv'):
    df = pd.read_csv(path, parse_dates=['Date'])
    X = df[FEATURES].values.astype('float32')
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = df['High'].values.astype('float32')
    y_mean, y_std = y.mean(), y.std()
    y = (y - y_mean) / y_std
    return torch.tensor(X), torch.tensor(y).unsqueeze(1)


class Trainer:
    def __init__(self, model, lr=0.01, epochs=30):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        self.loss_fn = nn.MSELoss()
        self.epochs = epochs

    def fit(self, loader):
        for epoch in range(self.epochs):
            total = 0.0
            for xb, yb in loader:
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(xb), yb)
                loss.backward()
                self.opt.step()
                total += loss.item() * len(xb)
            if epoch % 10 == 0:
                print(f'epoch {epoch} mse {total / len(loader.dataset):.4f}')
        return self

    @torch.no_grad()
    def r2(self, X, y):
        pred = self.model(X)
        return (1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)).item()


X, y = load_data()
loader = DataLoader(TensorDataset(X, y), batch_size=50, shuffle=True)
net = nn.Sequential(nn.Linear(len(FEATURES), 16), nn.Tanh(), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 1))
trainer = Trainer(net).fit(loader)
print(f'RESULT r2={trainer.r2(X, y):.3f}')
