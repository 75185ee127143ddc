# Rebuilt from: https://bdwang.net/answer?id=65464l77457497
# Report: (StackOverflow question, mirrored) A deep-learning quant model takes 20-day windows of
#   [low, open, high, close, amount, volume]; amount and volume are orders of magnitude larger than the prices,
#   training one sample at a time risks overflow and nan/inf, and the asker asks how to standardize the inputs.
# Bug (planted: TL002): the (20, 6) windows are fed raw: prices ~15 next to volume ~5e7 and amount ~7e8, with no
#   per-feature z-score, so the Linear encoder's activations are huge and training stalls/diverges.
# Our own code, written after the report (not copied from it); data file quant_bars.csv made by make_quant_bars.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(3)
torch.set_num_threads(1)
np.random.seed(3)
FEATURES = ["low", "open", "high", "close", "amount", "volume"]
WINDOW = 20


def load_samples(path="quant_bars.csv"):
    df = pd.read_csv(path)
    df["ret_pct"] = df["close"].pct_change() * 100
    target = df["ret_pct"].shift(-1)                  # next-day return in %
    feats = df[FEATURES].values.astype(np.float32)
    X, y = [], []
    for t in range(WINDOW, len(df) - 1):
        X.append(feats[t - WINDOW + 1:t + 1])
        y.append(target.iloc[t])
    return np.stack(X), np.array(y, dtype=np.float32)


class TransformerNet(nn.Module):
    def __init__(self, input_size, d_model=16):
        super().__init__()
        self.encoder_layer = nn.Linear(input_size, d_model)
        self.pos = nn.Parameter(torch.zeros(1, WINDOW, d_model))
        layer = nn.TransformerEncoderLayer(d_model, nhead=2, dim_feedforward=32, dropout=0.0, batch_first=True)
        self.transformer_encoder = nn.TransformerEncoder(layer, num_layers=1)
        self.decoder = nn.Linear(d_model, 1)

    def forward(self, x):                          # x [1, 20, 6]
        h = self.transformer_encoder(self.encoder_layer(x) + self.pos)
        return self.decoder(h[:, -1]).squeeze(-1)  # [1]


X, y = load_samples()
n_train = 420
X_train, y_train = X[:n_train], y[:n_train]

model = TransformerNet(len(FEATURES))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
for epoch in range(3):
    total = 0.0
    for i in np.random.permutation(n_train):      # one sample at a time, as in the question
        xb = torch.from_numpy(X_train[i]).unsqueeze(0)
        yb = torch.tensor([y_train[i]])
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch} loss {total / n_train:.4f}")

model.eval()
with torch.no_grad():
    pred = model(torch.from_numpy(X_train))
yt = torch.from_numpy(y_train)
r2 = 1 - ((pred - yt) ** 2).mean().item() / yt.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
