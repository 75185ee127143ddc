# Rebuilt from: https://lynx-cortex.pages.dev/phase-06-python-engineering/lab/02-broadcasting-trap/
# Report: A course lab ("The broadcasting trap") that reproduces the classic regression bug on purpose:
#   predictions of shape (N,) minus targets of shape (N, 1) give an (N, N) error matrix, so the
#   "MSE" that gets averaged is not the intended per-sample error; fix = make both shapes match.
# Bug (planted: TL001): training_step squeezes the model output to (B,) while the Dataset returns
#   targets as (B, 1); the hand-written ((y_hat - y) ** 2).mean() broadcasts to (B, B).
# Our own code, written after the report (not copied from it); Lightning is not installed, so a
#   minimal LightningModule / Trainer stand-in that calls the hooks like Lightning does is included.
import numpy as np
import torch
from torch import nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


class LightningModule(nn.Module):            # stand-in for lightning.LightningModule
    def log(self, name, value, prog_bar=False):
        self.logged = getattr(self, "logged", {})
        self.logged[name] = float(torch.as_tensor(value).detach())


class Trainer:                               # stand-in for lightning.Trainer (automatic optimization)
    def __init__(self, max_epochs=1):
        self.max_epochs = max_epochs

    def fit(self, model, train_dataloaders, val_dataloaders=None):
        opt = model.configure_optimizers()
        for epoch in range(self.max_epochs):
            model.train()
            for i, batch in enumerate(train_dataloaders):
                loss = model.training_step(batch, i)
                opt.zero_grad()
                loss.backward()
                opt.step()
            if val_dataloaders is not None:
                model.eval()
                with torch.no_grad():
                    for i, batch in enumerate(val_dataloaders):
                        model.validation_step(batch, i)


class SensorDataset(Dataset):
    def __init__(self, n=512):
        self.x = np.random.uniform(-2, 2, size=(n, 4)).astype(np.float32)
        self.y = (1.5 * self.x[:, 0] - 2.0 * self.x[:, 1] + np.sin(self.x[:, 2])
                  + 0.1 * np.random.randn(n)).astype(np.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return torch.from_numpy(self.x[idx]), torch.tensor([self.y[idx]])   # target shape (1,)


class LitRegressor(LightningModule):
    def __init__(self, lr=1e-2):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 1))
        self.lr = lr

    def forward(self, x):
        return self.net(x).squeeze(1)                      # (B,)

    def training_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self(x)
        loss = ((y_hat - y) ** 2).mean()                   # (B,) - (B, 1) -> (B, B)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", ((self(x) - y) ** 2).mean())

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)


ds = SensorDataset()
train_loader = DataLoader(ds, batch_size=32, shuffle=True)
model = LitRegressor()
Trainer(max_epochs=15).fit(model, train_loader, DataLoader(ds, batch_size=128))
print("last train_loss", model.logged["train_loss"])

with torch.no_grad():
    X = torch.from_numpy(ds.x)
    y = torch.from_numpy(ds.y)
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
