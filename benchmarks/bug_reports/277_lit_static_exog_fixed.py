# Rebuilt from: https://github.com/Nixtla/neuralforecast/pull/1406
# Report: Static exogenous features such as building volume (e.g. 500, 1,000 and 20,000 per building)
#   were fed to the Lightning-based models without normalization, while temporal inputs were already
#   scaled; this slowed convergence and caused numerical instability, so a static-feature scaler was added.
# Fixed twin of 277_lit_static_exog.py: make_windows() standardizes the static building columns too
#   (the per-feature scaling the PR adds for static exogenous features).
# Our own code, written after the report (not copied from it); Lightning is not installed, so a
#   minimal LightningModule / Trainer stand-in that calls the hooks like Lightning does is included.
import numpy as np
import pandas as pd
import torch
from torch import nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

np.random.seed(1)
torch.manual_seed(1)
torch.set_num_threads(1)


class LightningModule(nn.Module):
    pass


class Trainer:
    def __init__(self, max_epochs):
        self.max_epochs = max_epochs

    def fit(self, model, train_dataloaders):
        opt = model.configure_optimizers()
        for epoch in range(self.max_epochs):
            for i, batch in enumerate(train_dataloaders):
                loss = model.training_step(batch, i)
                opt.zero_grad()
                loss.backward()
                opt.step()
            model.on_train_epoch_end(epoch, loss)


def load_data(n_buildings=40, hours=12):
    static = pd.DataFrame({
        "unique_id": np.arange(n_buildings),
        "building_volume_m3": np.random.uniform(500, 20000, n_buildings),
        "floor_area_m2": np.random.uniform(120, 5000, n_buildings),
        "year_built": np.random.randint(1950, 2021, n_buildings).astype(float),
    })
    rows = []
    for _, b in static.iterrows():
        for h in range(hours):
            temp = 15 + 10 * np.sin(h / 24 * 2 * np.pi) + np.random.randn()
            load = (0.004 * b.building_volume_m3 + 0.01 * b.floor_area_m2 * (1 + 0.02 * abs(temp - 18))
                    - 0.05 * (b.year_built - 1950) + np.random.randn())
            rows.append((b.unique_id, h, temp, load))
    df = pd.DataFrame(rows, columns=["unique_id", "hour", "outdoor_temp_c", "y"])
    return df.merge(static, on="unique_id")


def make_windows(df):
    temporal = df[["outdoor_temp_c", "hour"]].values
    temporal = (temporal - temporal.mean(0)) / temporal.std(0)          # temporal inputs are scaled
    static = df[["building_volume_m3", "floor_area_m2", "year_built"]].values
    static = (static - static.mean(0)) / static.std(0)                  # static inputs are scaled too
    X = np.hstack([temporal, static]).astype(np.float32)
    y = ((df["y"] - df["y"].mean()) / df["y"].std()).values.astype(np.float32)
    return torch.tensor(X), torch.tensor(y).unsqueeze(1)


class LoadMLP(LightningModule):
    def __init__(self, n_in, lr=0.01):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Linear(64, 1))
        self.lr = lr

    def forward(self, x):
        return self.mlp(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return F.mse_loss(self(x), y)

    def on_train_epoch_end(self, epoch, loss):
        if epoch % 20 == 0:
            print(f"epoch {epoch} train_loss {loss.item():.4f}")

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr, momentum=0.9)


df = load_data()
X, y = make_windows(df)
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
model = LoadMLP(X.shape[1])
Trainer(max_epochs=80).fit(model, loader)

with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
