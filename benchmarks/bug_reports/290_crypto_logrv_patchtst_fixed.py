# Rebuilt from: https://github.com/jsboige/CoursIA/pull/926
# Report: During a walk-forward run on BTC/ETH log realized volatility, training printed "UserWarning: Using a target
#   size (torch.Size([64])) that is different to the input size (torch.Size([64, 1]))". With pred_len=1 the models
#   emit [B, 1] while the DataLoader yields targets [B]; the sweep verdict (0 BEATS) was based on these runs.
# Fixed twin of 290_crypto_logrv_patchtst.py: criterion(pred, y_batch.view_as(pred)) so both sides are [B, 1] (the PR fix)
# Our own code, written after the report (not copied from it); synthetic HAR-style BTC log-RV series built in-script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)
CFG = dict(seq_len=60, pred_len=1, patch=10, d_model=16, epochs=10, batch=64, lr=2e-3)


def load_data(n_days=700):
    # daily log realized volatility of BTC with HAR persistence (daily / weekly / monthly components)
    lrv = np.zeros(n_days)
    lrv[:22] = -3.5
    for t in range(22, n_days):
        lrv[t] = (-0.35 + 0.35 * lrv[t - 1] + 0.30 * lrv[t - 5:t].mean() + 0.25 * lrv[t - 22:t].mean()
                  + 0.25 * np.random.randn())
    df = pd.DataFrame({"date": pd.date_range("2021-01-01", periods=n_days, freq="D"), "log_rv": lrv})
    df["log_rv_z"] = (df["log_rv"] - df["log_rv"].mean()) / df["log_rv"].std()
    return df


class WindowDataset(Dataset):
    def __init__(self, series, seq_len, pred_len):
        self.s = series.astype(np.float32)
        self.seq_len, self.pred_len = seq_len, pred_len

    def __len__(self):
        return len(self.s) - self.seq_len - self.pred_len + 1

    def __getitem__(self, i):
        x = self.s[i:i + self.seq_len]
        y = self.s[i + self.seq_len:i + self.seq_len + self.pred_len]
        return torch.from_numpy(x).unsqueeze(-1), torch.tensor(y).squeeze()   # y -> [] , batch -> [B]


class PatchTSTLite(nn.Module):
    def __init__(self, seq_len, pred_len, patch, d_model):
        super().__init__()
        self.patch = patch
        self.embed = nn.Linear(patch, d_model)
        layer = nn.TransformerEncoderLayer(d_model, nhead=4, dim_feedforward=32, batch_first=True, dropout=0.0)
        self.encoder = nn.TransformerEncoder(layer, num_layers=1)
        self.head = nn.Linear(d_model * (seq_len // patch), pred_len)

    def forward(self, x):                      # x [B, L, 1]
        p = x.squeeze(-1).unfold(1, self.patch, self.patch)   # [B, n_patch, patch]
        h = self.encoder(self.embed(p))
        return self.head(h.flatten(1))         # [B, pred_len] = [B, 1]


def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total = 0.0
    for x_batch, y_batch in loader:
        optimizer.zero_grad()
        pred = model(x_batch)
        loss = criterion(pred, y_batch.view_as(pred))   # both [B, 1]
        loss.backward()
        optimizer.step()
        total += loss.item() * len(x_batch)
    return total / len(loader.dataset)


df = load_data()
ds = WindowDataset(df["log_rv_z"].values, CFG["seq_len"], CFG["pred_len"])
loader = DataLoader(ds, batch_size=CFG["batch"], shuffle=True)
model = PatchTSTLite(CFG["seq_len"], CFG["pred_len"], CFG["patch"], CFG["d_model"])
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=CFG["lr"])
for epoch in range(CFG["epochs"]):
    tr = train_one_epoch(model, loader, criterion, optimizer)
    if epoch % 3 == 0:
        print(f"epoch {epoch:02d} train_loss {tr:.4f}")

model.eval()
with torch.no_grad():
    X = torch.stack([ds[i][0] for i in range(len(ds))])
    Y = torch.stack([ds[i][1] for i in range(len(ds))])
    P = model(X).squeeze(-1)
r2 = 1 - ((P - Y) ** 2).mean().item() / Y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
