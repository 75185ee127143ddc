# Rebuilt from: https://github.com/zhouhaoyi/Informer2020/issues/95
# Report: In features='MS' mode the reporter saw batch_y with all channels fed into the decoder and asked
#   whether the 1-channel target was being projected to d_model; the maintainer explained that the full
#   multivariate batch_y goes into the decoder, and only the target column is selected to compute the loss.
# Not a bug (a look-alike that must stay silent): the decoder input has 7 channels and the output 1, which
#   looks mismatched, but the loss compares outputs (B, L, 1) with batch_y[:, -L:, -1:] (B, L, 1): same shape.
# Our own code, written after the report (not copied from it); data: ett_transformer.csv from make_ett.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

SEQ_LEN, LABEL_LEN, PRED_LEN = 24, 12, 12

df = pd.read_csv("ett_transformer.csv", parse_dates=["date"]).set_index("date")
data = StandardScaler().fit_transform(df.values).astype(np.float32)     # OT is the last column


def make_windows(arr):
    xs, ys = [], []
    for i in range(len(arr) - SEQ_LEN - PRED_LEN + 1):
        xs.append(arr[i:i + SEQ_LEN])
        ys.append(arr[i + SEQ_LEN - LABEL_LEN:i + SEQ_LEN + PRED_LEN])
    return torch.tensor(np.array(xs)), torch.tensor(np.array(ys))


class EncDec(nn.Module):
    def __init__(self, enc_in=7, dec_in=7, c_out=1, hidden=32):
        super().__init__()
        self.enc = nn.GRU(enc_in, hidden, batch_first=True)
        self.dec = nn.GRU(dec_in, hidden, batch_first=True)
        self.out = nn.Linear(hidden, c_out)

    def forward(self, x_enc, x_dec):
        _, h = self.enc(x_enc)
        y, _ = self.dec(x_dec, h)
        return self.out(y)


X, Y = make_windows(data)
model = EncDec()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.MSELoss()


def decoder_input(batch_y):
    # known label part keeps all 7 channels, the future part is zero-filled (start token style)
    dec_inp = torch.zeros_like(batch_y[:, -PRED_LEN:, :])
    return torch.cat([batch_y[:, :LABEL_LEN, :], dec_inp], dim=1)


f_dim = -1
for epoch in range(10):
    perm = torch.randperm(len(X))
    for k in range(0, len(X), 64):
        idx = perm[k:k + 64]
        batch_x, batch_y = X[idx], Y[idx]
        outputs = model(batch_x, decoder_input(batch_y))[:, -PRED_LEN:, :]
        batch_y = batch_y[:, -PRED_LEN:, f_dim:]
        loss = criterion(outputs, batch_y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X, decoder_input(Y))[:, -PRED_LEN:, :]
    true = Y[:, -PRED_LEN:, -1:]
r2 = 1 - ((pred - true) ** 2).mean().item() / true.var().item()
print(f"RESULT r2={r2:.3f}")
