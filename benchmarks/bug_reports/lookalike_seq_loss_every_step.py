# Rebuilt from: https://github.com/oliverguhr/transformer-time-series-prediction/issues/4
# Report: create_inout_sequences() returns a label sequence as long as the input (in -> [0..99],
#   target -> [1..100]) and the user asked why, since most LSTM examples use a single next value as label.
#   The author: the transformer returns a value for every time step, and computing the loss over the whole
#   sequence gave better results than using only the last step.
# Not a bug (a look-alike that must stay silent): the model output is (B, T, 1) -- one prediction per position
#   under a causal mask -- and the target is the same window shifted by one step, also (B, T, 1); the MSE is
#   taken over all positions on purpose.
# Our own code, written after the report (not copied from it)
import math
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(8)
input_window = 40


def create_inout_sequences(data, tw):
    seqs, labels = [], []
    for i in range(len(data) - tw - 1):
        seqs.append(data[i:i + tw])
        labels.append(data[i + 1:i + tw + 1])
    x = torch.tensor(np.array(seqs), dtype=torch.float32).unsqueeze(-1)
    y = torch.tensor(np.array(labels), dtype=torch.float32).unsqueeze(-1)
    return x, y


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=500):
        super().__init__()
        pe = torch.zeros(max_len, d_model)
        pos = torch.arange(max_len).unsqueeze(1).float()
        div = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(pos * div)
        pe[:, 1::2] = torch.cos(pos * div)
        self.register_buffer('pe', pe.unsqueeze(0))

    def forward(self, x):
        return x + self.pe[:, :x.size(1)]


class TransAm(nn.Module):
    def __init__(self, d_model=32):
        super().__init__()
        self.inp = nn.Linear(1, d_model)
        self.pos = PositionalEncoding(d_model)
        layer = nn.TransformerEncoderLayer(d_model, nhead=4, dim_feedforward=64, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=1)
        self.decoder = nn.Linear(d_model, 1)
        self.register_buffer('mask', torch.triu(torch.full((input_window, input_window), float('-inf')), 1))

    def forward(self, src):                       # (B, T, 1) -> (B, T, 1)
        h = self.pos(self.inp(src))
        h = self.encoder(h, mask=self.mask)
        return self.decoder(h)


t = np.arange(900)
series = np.sin(t * 0.1) + 0.6 * np.sin(t * 0.037) + 0.05 * rng.normal(size=len(t))
train_x, train_y = create_inout_sequences(series, input_window)

model = TransAm()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
batch_size = 32
for epoch in range(8):
    perm = torch.randperm(len(train_x))
    for i in range(0, len(train_x), batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        output = model(train_x[idx])
        loss = criterion(output, train_y[idx])
        loss.backward()
        optimizer.step()

model.eval()
with torch.no_grad():
    out = model(train_x)
last_pred, last_true = out[:, -1, 0], train_y[:, -1, 0]
r2 = 1 - torch.mean((last_pred - last_true) ** 2) / torch.var(last_true, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
