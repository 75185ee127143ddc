# Rebuilt from: https://github.com/pytorch/pytorch/issues/4938
# Report: F.mse_loss(output.view(2, 1), target.view(2, 1, 1, 1)) silently broadcast the two
#   tensors instead of raising; the reporter expected an error (or at least the elementwise
#   result) when the target carries extra singleton dimensions the output does not have.
# Bug (planted: TL001): PlantDataset.__getitem__ wraps the already 1-element target row in a list,
#   so each item is (1, 1) and batches are (B, 1, 1); training_step's F.mse_loss(y_hat (B, 1), y)
#   broadcasts to (B, B, 1) (the validation loss used for early stopping is broadcast the same way).
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader
from sklearn.model_selection import train_test_split

torch.manual_seed(0); rng = np.random.default_rng(5)


def load_data(n=600):
    at, v = rng.uniform(2, 35, n), rng.uniform(25, 80, n)          # ambient temp (C), exhaust vacuum (cm Hg)
    ap, rh = rng.normal(1013, 6, n), rng.uniform(25, 100, n)       # ambient pressure (mbar), humidity (%)
    pe = 497 - 1.75 * at - 0.23 * v + 0.06 * (ap - 1013) - 0.15 * (rh - 60) + rng.normal(0, 3, n)
    return pd.DataFrame({"AT": at, "V": v, "AP": ap, "RH": rh, "PE": pe})


class PlantDataset(Dataset):
    def __init__(self, df, mean, std):
        self.X = ((df[["AT", "V", "AP", "RH"]].values - mean) / std).astype(np.float32)
        self.y = ((df[["PE"]].values - 454.0) / 17.0).astype(np.float32)

    def __len__(self):
        return len(self.X)
    def __getitem__(self, idx):
        return torch.from_numpy(self.X[idx]), torch.tensor([self.y[idx]], dtype=torch.float32)


class PowerRegressor(nn.Module):
    """Written like a LightningModule, driven by the small loop below."""

    def __init__(self, n_in=4, lr=1e-2):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, 32), nn.ReLU(), nn.Linear(32, 1))
        self.lr = lr

    def forward(self, x):
        return self.net(x)
    def training_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self(x)
        return F.mse_loss(y_hat, y)

    def validation_step(self, batch, batch_idx):
        return F.mse_loss(self(batch[0]), batch[1])

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)


def fit(module, train_loader, val_loader, max_epochs=60, patience=6):
    opt = module.configure_optimizers()
    best, bad = float("inf"), 0
    for epoch in range(max_epochs):
        module.train()
        for i, batch in enumerate(train_loader):
            loss = module.training_step(batch, i)
            opt.zero_grad()
            loss.backward()
            opt.step()
        module.eval()
        with torch.no_grad():
            val = np.mean([module.validation_step(b, i).item() for i, b in enumerate(val_loader)])
        best, bad = (val, 0) if val < best - 1e-4 else (best, bad + 1)
        if bad >= patience:
            print(f"early stopping at epoch {epoch}, val_loss {best:.4f}")
            break


df = load_data()
train_df, val_df = train_test_split(df, test_size=0.2, random_state=0)
mean, std = train_df[["AT", "V", "AP", "RH"]].values.mean(0), train_df[["AT", "V", "AP", "RH"]].values.std(0)
train_ds, val_ds = PlantDataset(train_df, mean, std), PlantDataset(val_df, mean, std)
model = PowerRegressor()
fit(model, DataLoader(train_ds, batch_size=32, shuffle=True), DataLoader(val_ds, batch_size=64))

model.eval()
with torch.no_grad():
    pred = model(torch.from_numpy(train_ds.X)).view(-1)
target = torch.from_numpy(train_ds.y).view(-1)
r2 = 1 - torch.mean((pred - target) ** 2) / torch.var(target, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
