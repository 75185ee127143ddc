# Rebuilt from: https://github.com/huseinzol05/Stock-Prediction-Models/issues/76
# Report: In lstm.ipynb the head is dense(outputs[-1]) although the RNN output is batch-major
#   [batch, time, state]; the reporter asks what selecting outputs[-1] means and notes it "works" because the
#   notebook always feeds one window at a time (batch_size = 1).
# Not a bug (a look-alike that must stay silent): with a batch of exactly one window, outputs[-1] is that
#   window's (T, H) sequence, so the logits are (T, F) and match the shifted (T, F) target element by element.
# Our own code, written after the report (not copied from it); data: stock_daily.csv from make_stock_daily.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler

torch.manual_seed(2)
np.random.seed(2)

df = pd.read_csv("stock_daily.csv")
cols = ["Open", "High", "Low", "Close"]
minmax = MinMaxScaler().fit(df[cols].astype("float32"))
df_log = pd.DataFrame(minmax.transform(df[cols].astype("float32")), columns=cols)

timestamp, size_layer, epochs = 10, 48, 9


class Model(nn.Module):
    def __init__(self, size, size_layer, output_size):
        super().__init__()
        self.rnn = nn.LSTM(size, size_layer, batch_first=True)
        self.dense = nn.Linear(size_layer, output_size)

    def forward(self, x, state=None):
        outputs, last_state = self.rnn(x, state)          # (1, T, H)
        return self.dense(outputs[-1]), last_state       # (T, F) when the batch holds one window


model = Model(len(cols), size_layer, len(cols))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
criterion = nn.MSELoss()

for epoch in range(epochs):
    init_value = None
    total_loss = 0.0
    for k in range(0, df_log.shape[0] - 1 - timestamp, timestamp):
        batch_x = torch.tensor(df_log.iloc[k:k + timestamp].values, dtype=torch.float32).unsqueeze(0)
        batch_y = torch.tensor(df_log.iloc[k + 1:k + timestamp + 1].values, dtype=torch.float32)
        logits, last_state = model(batch_x, init_value)
        init_value = tuple(s.detach() for s in last_state)
        loss = criterion(logits, batch_y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    if epoch % 3 == 0:
        print(f"epoch {epoch} loss {total_loss:.4f}")

preds, trues = [], []
with torch.no_grad():
    init_value = None
    for k in range(0, df_log.shape[0] - 1 - timestamp, timestamp):
        batch_x = torch.tensor(df_log.iloc[k:k + timestamp].values, dtype=torch.float32).unsqueeze(0)
        batch_y = torch.tensor(df_log.iloc[k + 1:k + timestamp + 1].values, dtype=torch.float32)
        logits, init_value = model(batch_x, init_value)
        preds.append(logits[:, 3])
        trues.append(batch_y[:, 3])
pred, true = torch.cat(preds), torch.cat(trues)
r2 = 1 - torch.mean((pred - true) ** 2) / torch.var(true, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
