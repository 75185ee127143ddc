# Rebuilt from: https://www.52zhanxing.com/ask/7667858.html
# Report: Predicting day 61's close from 60 days of open/high/low/close, the training set is (1637, 60, 4) with
#   labels (1637, 1), but the prediction for (241, 60, 4) comes out as (241, 60, 1) instead of (241, 1); the
#   asker wonders where the extra dimension comes from (the last recurrent layer still returns sequences).
# Fixed twin of 104_stacked_rnn_ohlc_sequences.py: the head reads only the last step of the second RNN (the
#   return_sequences=False equivalent) and returns (B,), matching the label batch.
# Our own code, written after the report (not copied from it); data: stock_daily.csv from make_stock_daily.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(5)
np.random.seed(5)

input_count, test_count = 60, 60
csv_data = pd.read_csv("stock_daily.csv")
training_set = csv_data.iloc[:len(csv_data) - test_count, 1:5].values      # Open High Low Close
sc = MinMaxScaler(feature_range=(0, 1))
training_set_scaled = sc.fit_transform(training_set)

x_train, y_train = [], []
for i in range(input_count, len(training_set_scaled)):
    x_train.append(training_set_scaled[i - input_count:i, :])
    y_train.append(training_set_scaled[i, 3])
x_train, y_train = np.array(x_train, dtype=np.float32), np.array(y_train, dtype=np.float32)
print("x_train", x_train.shape, "y_train", y_train.shape)


class StackedRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn1 = nn.RNN(4, 40, batch_first=True)
        self.drop = nn.Dropout(0.1)
        self.rnn2 = nn.RNN(40, 40, batch_first=True)
        self.dense = nn.Linear(40, 1)

    def forward(self, x):
        x, _ = self.rnn1(x)
        x = self.drop(x)
        x, _ = self.rnn2(x)
        return self.dense(self.drop(x[:, -1, :])).squeeze(-1)   # (B,)


class Trainer:
    def __init__(self, model, lr=2e-3):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()

    def fit(self, x, y, epochs=18, batch_size=64):
        loader = DataLoader(TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=batch_size, shuffle=True)
        for epoch in range(epochs):
            self.model.train()
            running = 0.0
            for xb, yb in loader:
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(xb), yb)
                loss.backward()
                self.opt.step()
                running += loss.item()
            if epoch % 5 == 0:
                print(f"epoch {epoch} loss {running / len(loader):.5f}")

    def predict(self, x):
        self.model.eval()
        with torch.no_grad():
            out = self.model(torch.from_numpy(x))
        return out.reshape(len(x), -1)[:, -1]     # last value per window


trainer = Trainer(StackedRNN())
trainer.fit(x_train, y_train)
pred = trainer.predict(x_train)
true = torch.from_numpy(y_train)
r2 = 1 - torch.mean((pred - true) ** 2) / torch.var(true, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
