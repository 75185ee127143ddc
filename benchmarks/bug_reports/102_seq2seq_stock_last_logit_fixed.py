# Rebuilt from: https://github.com/huseinzol05/Stock-Prediction-Models/issues/1
# Report: In the lstm-seq2seq(-attention) stock notebook the output logits have shape (1, 6) while the target Y
#   has shape (5, 6); the reporter asks whether that is right. The author answers he had not realized it and
#   that it should be fixed.
# Fixed twin of 102_seq2seq_stock_last_logit.py: the dense layer is applied to every decoder step, so logits are
#   (T, F) like the shifted target chunk.
# Our own code, written after the report (not copied from it); data: stock_daily.csv from make_stock_daily.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler

torch.manual_seed(3)
np.random.seed(3)

df = pd.read_csv("stock_daily.csv")
cols = ["Open", "High", "Low", "Close", "Volume"]
minmax = MinMaxScaler().fit(df[cols].astype("float32"))
df_log = pd.DataFrame(minmax.transform(df[cols].astype("float32")), columns=cols)

timestamp = 20
num_layers, size_layer = 1, 64
epochs = 12


class Seq2Seq(nn.Module):
    def __init__(self, size, hidden, out_size):
        super().__init__()
        self.encoder = nn.LSTM(size, hidden, num_layers, batch_first=True)
        self.decoder = nn.LSTM(size, hidden, num_layers, batch_first=True)
        self.dense = nn.Linear(hidden, out_size)

    def forward(self, x):
        _, state = self.encoder(x)
        outputs, _ = self.decoder(x, state)      # (1, T, hidden)
        return self.dense(outputs[0])             # (T, F)


model = Seq2Seq(len(cols), size_layer, len(cols))
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
criterion = nn.MSELoss()

for epoch in range(epochs):
    total_loss = 0.0
    for k in range(0, df_log.shape[0] - 1 - timestamp, 5):
        batch_x = torch.tensor(df_log.iloc[k:k + timestamp].values, dtype=torch.float32).unsqueeze(0)
        batch_y = torch.tensor(df_log.iloc[k + 1:k + timestamp + 1].values, dtype=torch.float32)
        logits = model(batch_x)
        loss = criterion(logits, batch_y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    if epoch % 5 == 0:
        print(f"epoch {epoch} avg loss {total_loss:.4f}")

# next-day Close for every day of every training chunk
preds, trues = [], []
with torch.no_grad():
    for k in range(0, df_log.shape[0] - 1 - timestamp, timestamp):
        batch_x = torch.tensor(df_log.iloc[k:k + timestamp].values, dtype=torch.float32).unsqueeze(0)
        batch_y = torch.tensor(df_log.iloc[k + 1:k + timestamp + 1].values, dtype=torch.float32)
        logits = model(batch_x)
        logits = logits.expand(batch_y.shape[0], -1) if logits.shape[0] == 1 else logits
        preds.append(logits[:, 3])
        trues.append(batch_y[:, 3])
pred, true = torch.cat(preds), torch.cat(trues)
r2 = 1 - torch.mean((pred - true) ** 2) / torch.var(true, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
