# Rebuilt from: https://github.com/jsboige/CoursIA/pull/892
# Report: An M8 sweep of sequence-to-one models (TFT, Mamba, iTransformer, PatchTST) on BTC/ETH log realized
#   volatility gave "0 BEATS" vs baseline; pred_len=1 combos in train_itransformer.py hit a broadcasting warning
#   because the model output is [B, 1] while the DataLoader target is [B] (plus an indexing crash in validation).
# Fixed twin of 291_btc_eth_itransformer.py: Trainer.fit() reshapes the target to the output, criterion(out, yb.view_as(out))
# Our own code, written after the report (not copied from it); synthetic BTC/ETH daily panel built in-script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(1)
torch.set_num_threads(1)
np.random.seed(1)
SEQ_LEN, PRED_LEN = 30, 1


def build_panel(n=650):
    lrv_btc, lrv_eth = np.full(n, -3.2), np.full(n, -3.0)
    for t in range(5, n):
        lrv_btc[t] = -1.1 + 0.45 * lrv_btc[t - 1] + 0.2 * lrv_btc[t - 5:t].mean() + 0.2 * np.random.randn()
        lrv_eth[t] = -0.9 + 0.35 * lrv_eth[t - 1] + 0.3 * lrv_btc[t - 1] + 0.2 * np.random.randn()
    ret_btc = np.exp(lrv_btc) * np.random.randn(n)
    df = pd.DataFrame({"lrv_btc": lrv_btc, "lrv_eth": lrv_eth, "absret_btc": np.abs(ret_btc),
                       "vol_btc": np.exp(lrv_btc) * 1e4 + 500 * np.random.rand(n)})
    return (df - df.mean()) / df.std()          # z-score every column


class VolDataset(Dataset):
    def __init__(self, frame, target_col="lrv_btc"):
        self.X = frame.values.astype(np.float32)
        self.y = frame[target_col].values.astype(np.float32)

    def __len__(self):
        return len(self.X) - SEQ_LEN - PRED_LEN + 1

    def __getitem__(self, i):
        return self.X[i:i + SEQ_LEN], self.y[i + SEQ_LEN]      # y: numpy float32 scalar


class ITransformer(nn.Module):
    """Each variate's whole look-back window becomes one token (inverted transformer)."""
    def __init__(self, n_vars, d_model=16):
        super().__init__()
        self.embed = nn.Linear(SEQ_LEN, d_model)
        layer = nn.TransformerEncoderLayer(d_model, nhead=2, dim_feedforward=32, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=1)
        self.proj = nn.Linear(d_model, PRED_LEN)

    def forward(self, x):                       # x [B, L, N]
        tokens = self.embed(x.transpose(1, 2))  # [B, N, d]
        h = self.encoder(tokens)
        return self.proj(h[:, 0])               # token of the target variate -> [B, PRED_LEN]


class Trainer:
    def __init__(self, model, lr=2e-3):
        self.model = model
        self.criterion = nn.MSELoss()
        self.opt = torch.optim.AdamW(model.parameters(), lr=lr)

    def fit(self, train_loader, val_loader, epochs=12):
        for ep in range(epochs):
            self.model.train()
            for xb, yb in train_loader:
                self.opt.zero_grad()
                out = self.model(xb)
                loss = self.criterion(out, yb.view_as(out))
                loss.backward()
                self.opt.step()
            if ep % 4 == 0:
                print(f"epoch {ep} val_loss {self.validate(val_loader):.4f}")

    @torch.no_grad()
    def validate(self, loader):
        self.model.eval()
        errs = [((self.model(xb)[:, 0] - yb) ** 2).mean().item() for xb, yb in loader]
        return float(np.mean(errs))


panel = build_panel()
split = int(len(panel) * 0.8)
train_ds, val_ds = VolDataset(panel.iloc[:split]), VolDataset(panel.iloc[split - SEQ_LEN:])
trainer = Trainer(ITransformer(n_vars=panel.shape[1]))
trainer.fit(DataLoader(train_ds, batch_size=64, shuffle=True), DataLoader(val_ds, batch_size=64))

trainer.model.eval()
with torch.no_grad():
    X = torch.from_numpy(np.stack([train_ds[i][0] for i in range(len(train_ds))]))
    Y = torch.from_numpy(np.array([train_ds[i][1] for i in range(len(train_ds))]))
    P = trainer.model(X)[:, 0]
r2 = 1 - ((P - Y) ** 2).mean().item() / Y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
