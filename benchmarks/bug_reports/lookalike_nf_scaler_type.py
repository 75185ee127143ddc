# Rebuilt from: https://github.com/Nixtla/neuralforecast/issues/464
# Report: A user asked whether setting the model's scaler_type also normalizes the exogenous columns
#   (they were left in raw units in the input DataFrame); the maintainer answered that the builtin
#   scaler normalizes the temporal inputs (target and exogenous) inside the model before the network.
# Not a bug (a look-alike that must stay silent): gen_forecast_mw and system_load_mw enter the
#   Dataset in megawatts (~1e4), but training_step passes every window through TemporalNorm
#   (scaler_type="standard"), which standardizes each channel with its own window statistics before
#   the MLP, and the prediction is mapped back with the target's statistics.
# Our own code, written after the report (not copied from it); Lightning is not installed, so a
#   minimal LightningModule / Trainer stand-in that calls the hooks like Lightning does is included.
import numpy as np
import pandas as pd
import torch
from torch import nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

np.random.seed(5)
torch.manual_seed(5)
torch.set_num_threads(1)
INPUT_SIZE = 24


class LightningModule(nn.Module):
    pass


class Trainer:
    def __init__(self, max_steps):
        self.max_steps = max_steps

    def fit(self, model, train_dataloaders):
        opt, step = model.configure_optimizers(), 0
        while step < self.max_steps:
            for batch in train_dataloaders:
                loss = model.training_step(batch, step)
                opt.zero_grad()
                loss.backward()
                opt.step()
                step += 1
                if step >= self.max_steps:
                    break


def load_data(hours=900):
    h = np.arange(hours)
    load = 30000 + 6000 * np.sin(2 * np.pi * h / 24) + np.random.normal(0, 800, hours)
    gen = 25000 + 4000 * np.cos(2 * np.pi * h / 24) + np.random.normal(0, 800, hours)
    price = 45 + 0.004 * (load - 30000) - 0.003 * (gen - 25000) + np.random.normal(0, 1.5, hours)
    return pd.DataFrame({"ds": pd.date_range("2023-01-01", periods=hours, freq="h"), "y": price,
                         "gen_forecast_mw": gen, "system_load_mw": load})


class WindowDataset(Dataset):
    def __init__(self, df, futr_exog_list):
        self.y = df["y"].values.astype(np.float32)
        self.exog = df[futr_exog_list].values.astype(np.float32)

    def __len__(self):
        return len(self.y) - INPUT_SIZE

    def __getitem__(self, i):
        hist = np.column_stack([self.y[i:i + INPUT_SIZE], self.exog[i:i + INPUT_SIZE]])
        futr = self.exog[i + INPUT_SIZE]
        return torch.from_numpy(hist), torch.from_numpy(futr), torch.tensor([self.y[i + INPUT_SIZE]])


class TemporalNorm(nn.Module):
    """scaler_type='standard': per-window, per-channel mean/std over the input window."""

    def forward(self, hist, futr):
        mu = hist.mean(dim=1, keepdim=True)
        sd = hist.std(dim=1, keepdim=True) + 1e-5
        return (hist - mu) / sd, (futr - mu[:, 0, 1:]) / sd[:, 0, 1:], mu[:, :, 0], sd[:, :, 0]


class MLPForecaster(LightningModule):
    def __init__(self, n_exog, scaler_type="standard", lr=1e-3):
        super().__init__()
        self.scaler = TemporalNorm() if scaler_type == "standard" else None
        self.mlp = nn.Sequential(nn.Linear(INPUT_SIZE * (1 + n_exog) + n_exog, 64), nn.ReLU(), nn.Linear(64, 1))
        self.lr = lr

    def forward(self, hist, futr):
        hist_n, futr_n, mu, sd = self.scaler(hist, futr)
        out_n = self.mlp(torch.cat([hist_n.flatten(1), futr_n], dim=1))
        return out_n, mu, sd

    def training_step(self, batch, batch_idx):
        hist, futr, y = batch
        out_n, mu, sd = self(hist, futr)
        return F.mse_loss(out_n, (y - mu) / sd)

    def predict_step(self, batch):
        hist, futr, _ = batch
        out_n, mu, sd = self(hist, futr)
        return out_n * sd + mu

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)


df = load_data()
futr_exog_list = ["gen_forecast_mw", "system_load_mw"]
ds = WindowDataset(df, futr_exog_list)
model = MLPForecaster(n_exog=len(futr_exog_list), scaler_type="standard")
Trainer(max_steps=600).fit(model, DataLoader(ds, batch_size=32, shuffle=True))

with torch.no_grad():
    batch = next(iter(DataLoader(ds, batch_size=len(ds))))
    pred = model.predict_step(batch)
    y = batch[2]
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
