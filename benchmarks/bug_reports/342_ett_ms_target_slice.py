# Rebuilt from: https://github.com/zhouhaoyi/Informer2020/issues/132
# Report: In features='MS' mode (multivariate in, oil temperature OT out) on an ETT-style transformer log,
#   the reporter noticed the model output was (32, 24, 1) while batch_y was (32, 24, 16) and nn.MSELoss
#   was called on them directly, so every input channel was used as the target; accuracy on OT was very low.
# Bug (planted: TL001): the target slice uses f_dim = 0 instead of -1 in MS mode, so batch_y keeps all 7
#   channels (B, 12, 7) while the model outputs (B, 12, 1); MSELoss broadcasts them silently.
# Our own code, written after the report (not copied from it); data: ett_transformer.csv from make_ett.py
import argparse
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

parser = argparse.ArgumentParser()
parser.add_argument("--features", default="MS")
parser.add_argument("--seq_len", type=int, default=24)
parser.add_argument("--pred_len", type=int, default=12)
parser.add_argument("--c_out", type=int, default=1)
args = parser.parse_args([])


class ETTHour(Dataset):
    def __init__(self, path, seq_len, pred_len):
        df = pd.read_csv(path, parse_dates=["date"])
        cols = [c for c in df.columns if c != "date"]          # OT is the last column
        self.scaler = StandardScaler()
        self.data = self.scaler.fit_transform(df[cols].values).astype(np.float32)
        self.seq_len, self.pred_len = seq_len, pred_len

    def __len__(self):
        return len(self.data) - self.seq_len - self.pred_len + 1

    def __getitem__(self, i):
        s = self.data[i:i + self.seq_len]
        r = self.data[i + self.seq_len:i + self.seq_len + self.pred_len]
        return torch.from_numpy(s), torch.from_numpy(r)


class GRUForecaster(nn.Module):
    def __init__(self, enc_in, c_out, pred_len, hidden=32):
        super().__init__()
        self.gru = nn.GRU(enc_in, hidden, batch_first=True)
        self.proj = nn.Linear(hidden, pred_len * c_out)
        self.pred_len, self.c_out = pred_len, c_out

    def forward(self, x):
        _, h = self.gru(x)
        return self.proj(h[-1]).view(-1, self.pred_len, self.c_out)


ds = ETTHour("ett_transformer.csv", args.seq_len, args.pred_len)
loader = DataLoader(ds, batch_size=64, shuffle=True)
model = GRUForecaster(enc_in=7, c_out=args.c_out, pred_len=args.pred_len)
optim = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.MSELoss()

f_dim = 0  # should be -1 when features == 'MS'
for epoch in range(10):
    tot = 0.0
    for batch_x, batch_y in loader:
        outputs = model(batch_x)
        batch_y = batch_y[:, -args.pred_len:, f_dim:]
        loss = criterion(outputs, batch_y)
        optim.zero_grad()
        loss.backward()
        optim.step()
        tot += loss.item()
    if epoch % 3 == 0:
        print(f"epoch {epoch} train loss {tot / len(loader):.4f}")

# evaluate on OT only, shapes (N, pred_len, 1) on both sides
model.eval()
with torch.no_grad():
    xs = torch.stack([ds[i][0] for i in range(len(ds))])
    ys = torch.stack([ds[i][1] for i in range(len(ds))])[:, :, -1:]
    pred = model(xs)
r2 = 1 - ((pred - ys) ** 2).mean().item() / ys.var().item()
print(f"RESULT r2={r2:.3f}")
