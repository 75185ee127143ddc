# Rebuilt from: https://github.com/PacktPublishing/Modern-Time-Series-Forecasting-with-Python/issues/24
# Report: In the multi-step section of chapter 13 (LSTM-FC Seq2Seq, "last hidden" variant) a reader gets
#         "RuntimeError: Predictions and targets are expected to have the same shape, but got
#         torch.Size([32, 1, 48]) and torch.Size([32, 48, 1])" from the metric; the fix proposed and
#         accepted is to unsqueeze the FC decoder output with unsqueeze(-1) instead.
# Fixed twin of 53_seq2seq_fc_decoder.py: the FC decoder output is unsqueezed on the last axis,
#         unsqueeze(-1), giving (B, H, 1) like the targets (the fix accepted in the report).
# Our own code, written after the report (not copied from it); data: smart_meter_hh.csv, a small made-up table beside this script
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

CONTEXT, HORIZON = 48, 12

energy = np.loadtxt("smart_meter_hh.csv", delimiter=",", skiprows=1, usecols=(1,), ndmin=2)  # (T, 1)
energy = ((energy - energy.mean()) / energy.std()).astype(np.float32)
starts = range(len(energy) - CONTEXT - HORIZON + 1)
X = np.stack([energy[i:i + CONTEXT] for i in starts])                         # (N, 48, 1)
Y = np.stack([energy[i + CONTEXT:i + CONTEXT + HORIZON] for i in starts])     # (N, 12, 1)
X, Y = torch.from_numpy(X), torch.from_numpy(Y)


class BaseModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.loss = nn.MSELoss()

    def calculate_loss(self, y_hat, y):
        return self.loss(y_hat, y)


class Seq2SeqModel(BaseModel):
    def __init__(self, hidden_size=32):
        super().__init__()
        self.encoder = nn.LSTM(1, hidden_size, batch_first=True)
        self.decoder = nn.Sequential(nn.Linear(hidden_size, 64), nn.ReLU(), nn.Linear(64, HORIZON))

    def forward(self, x):
        o, _ = self.encoder(x)
        y_hat = self.decoder(o[:, -1, :]).unsqueeze(-1)
        return y_hat


def fit(model, X, Y, epochs=25, batch_size=32, lr=3e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        perm = torch.randperm(len(X))
        running = 0.0
        for i in range(0, len(X), batch_size):
            idx = perm[i:i + batch_size]
            y_hat = model(X[idx])
            loss = model.calculate_loss(y_hat, Y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            running += loss.item() * len(idx)
        if epoch % 5 == 0:
            print(f"epoch {epoch:2d} train_loss {running / len(X):.4f}")
    return model


model = fit(Seq2SeqModel(), X, Y)
with torch.no_grad():
    p = model(X).reshape(len(X), HORIZON)
    t = Y.reshape(len(X), HORIZON)
    r2 = 1 - torch.mean((p - t) ** 2) / torch.var(t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
