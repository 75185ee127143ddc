# Rebuilt from: https://github.com/zhouhaoyi/Informer2020/issues/424
# Report: A user reading exp_informer.py could not see how forecasting happens: batch_y overlaps batch_x by label_len,
#   the decoder input is batch_y's label_len part plus zero padding, and asked why the loss is not restricted to the
#   predicted part; the answer: pred and true are both truncated to the last pred_len steps before the MSE.
# Not a bug (a look-alike that must stay silent): outputs[:, -pred_len:, :] and batch_y[:, -pred_len:, f_dim:] are both
#   (B, pred_len, 1) in 'MS' mode with c_out=1; the inputs are standardized as in Dataset_Custom.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(3)
seq_len, label_len, pred_len = 48, 24, 12

dates = pd.date_range("2023-01-01", periods=520, freq="h")
hum = 60 + 15 * np.sin(2 * np.pi * dates.hour / 24) + rng.normal(0, 3, len(dates))
press = 1012 + np.cumsum(rng.normal(0, 0.3, len(dates)))
temp = 15 + 6 * np.sin(2 * np.pi * (dates.hour - 8) / 24) - 0.2 * (hum - 60) + rng.normal(0, 0.5, len(dates))
df = pd.DataFrame({"date": dates, "humidity": hum, "pressure_hpa": press, "OT": temp})

class DatasetCustom(Dataset):
    def __init__(self, df):
        self.scaler = StandardScaler().fit(df[["humidity", "pressure_hpa", "OT"]].values)
        self.data = self.scaler.transform(df[["humidity", "pressure_hpa", "OT"]].values).astype(np.float32)
        d = df["date"].dt
        self.stamp = np.stack([d.hour / 23 - 0.5, d.day_of_week / 6 - 0.5, (d.day - 1) / 30 - 0.5], 1).astype(np.float32)

    def __len__(self):
        return len(self.data) - seq_len - pred_len + 1

    def __getitem__(self, i):
        s_end = i + seq_len
        r_begin, r_end = s_end - label_len, s_end + pred_len
        return self.data[i:s_end], self.data[r_begin:r_end], self.stamp[i:s_end], self.stamp[r_begin:r_end]

class GenerativeDecoderModel(nn.Module):
    def __init__(self, enc_in=3, dec_in=3, c_out=1, d_model=32):
        super().__init__()
        self.enc = nn.GRU(enc_in + 3, d_model, batch_first=True)
        self.dec = nn.GRU(dec_in + 3, d_model, batch_first=True)
        self.proj = nn.Linear(d_model, c_out)

    def forward(self, x_enc, x_mark_enc, x_dec, x_mark_dec):
        _, h = self.enc(torch.cat([x_enc, x_mark_enc], -1))
        out, _ = self.dec(torch.cat([x_dec, x_mark_dec], -1), h)
        return self.proj(out)                                   # (B, label_len + pred_len, c_out)

ds = DatasetCustom(df)
loader = DataLoader(ds, batch_size=32, shuffle=True, drop_last=True)
model = GenerativeDecoderModel()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.MSELoss()
f_dim = -1   # features == 'MS'

def process_one_batch(batch_x, batch_y, x_mark, y_mark):
    dec_inp = torch.zeros_like(batch_y[:, -pred_len:, :])
    dec_inp = torch.cat([batch_y[:, :label_len, :], dec_inp], dim=1)
    outputs = model(batch_x, x_mark, dec_inp, y_mark)
    return outputs[:, -pred_len:, :], batch_y[:, -pred_len:, f_dim:]

for epoch in range(5):
    for batch_x, batch_y, x_mark, y_mark in loader:
        pred, true = process_one_batch(batch_x, batch_y, x_mark, y_mark)
        loss = criterion(pred, true)
        opt.zero_grad(); loss.backward(); opt.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    full = next(iter(DataLoader(ds, batch_size=len(ds))))
    pred, true = process_one_batch(*full)
r2 = 1 - ((pred - true) ** 2).mean() / true.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
