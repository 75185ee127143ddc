# Rebuilt from: https://github.com/OpenADMET/openadmet-models/issues/509
# Report: A chore issue inventorying how target shapes are handled across the package: a DataFrame
#   target is flattened with .values.ravel(), and a Lightning _step guards the (batch,) target
#   with "if y.dim() == 1: y = y.unsqueeze(1)" so F.mse_loss sees the same shape as y_hat (batch, 1).
#   The shapes were already consistent; the issue only asks for one convention.
# Not a bug (a look-alike that must stay silent): the Dataset returns 0-d targets, so batches are
#   (B,), but _step unsqueezes them to (B, 1) before F.mse_loss against y_hat (B, 1).
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)

data = load_diabetes(as_frame=True)
X_df, y_df = data.data, data.frame[["target"]]                 # y as a one-column DataFrame
X_tr, X_va, y_tr, y_va = train_test_split(X_df, y_df, test_size=0.2, random_state=0)
x_scaler = StandardScaler().fit(X_tr.values)
y_mu, y_sd = y_tr.values.mean(), y_tr.values.std()


class TabularDataset(Dataset):
    def __init__(self, X, y):
        self.X = torch.tensor(x_scaler.transform(X.values), dtype=torch.float32)
        y = y.values.ravel() if isinstance(y, pd.DataFrame) else y.values     # (N, 1) -> (N,)
        self.y = torch.tensor((y - y_mu) / y_sd, dtype=torch.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return self.X[idx], self.y[idx]                                    # target is 0-d


class MLPRegressorModule(nn.Module):
    def __init__(self, n_in, hidden=64, lr=3e-3):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, hidden), nn.ReLU(), nn.Linear(hidden, 1))
        self.lr = lr

    def forward(self, x):
        return self.net(x)

    def _step(self, batch):
        x, y = batch
        y_hat = self(x)
        if y.dim() == 1:
            y = y.unsqueeze(1)  # Ensure y is [batch_size, 1]
        return F.mse_loss(y_hat, y)

    def training_step(self, batch, batch_idx):
        return self._step(batch)

    def validation_step(self, batch, batch_idx):
        return self._step(batch)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr, weight_decay=1e-4)


train_ds, val_ds = TabularDataset(X_tr, y_tr), TabularDataset(X_va, y_va)
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=64)
module = MLPRegressorModule(X_df.shape[1])
opt = module.configure_optimizers()
for epoch in range(40):
    module.train()
    for i, batch in enumerate(train_loader):
        loss = module.training_step(batch, i)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 20 == 0:
        module.eval()
        with torch.no_grad():
            val = np.mean([module.validation_step(b, i).item() for i, b in enumerate(val_loader)])
        print(f"epoch {epoch}: val_loss {val:.4f}")

module.eval()
with torch.no_grad():
    pred = module(train_ds.X).view(-1)
target = train_ds.y.view(-1)
r2 = 1 - torch.mean((pred - target) ** 2) / torch.var(target, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
