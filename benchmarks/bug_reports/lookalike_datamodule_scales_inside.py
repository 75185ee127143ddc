# Rebuilt from: https://github.com/pytorch-tabular/pytorch_tabular/issues/504
# Report: A user passes a raw DataFrame (biomass target 'Abovegroun', raw continuous columns) with
#   DataConfig(normalize_continuous_features=True, ...) and asks how to get predictions back on the
#   original scale; the answer points to the datamodule, which scales features/targets internally.
# Not a bug (a look-alike that must stay silent): the DataFrame handed to fit() is raw, but the
#   data module fits a StandardScaler on the continuous columns in setup() and every batch the
#   model sees is standardized.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)
rng = np.random.default_rng(1)

n = 400
df = pd.DataFrame({
    "dbh_cm": rng.uniform(5, 120, n),            # tree diameter
    "height_m": rng.uniform(2, 45, n),
    "canopy_area_m2": rng.uniform(1, 400, n),
    "elevation_m": rng.uniform(100, 2500, n),
})
df["Abovegroun"] = (0.08 * df.dbh_cm ** 1.6 + 2.0 * df.height_m + 0.1 * df.canopy_area_m2
                    - 0.002 * df.elevation_m + rng.normal(0, 8, n))


class TabularDataModule:
    def __init__(self, target, continuous_cols, normalize_continuous_features=True, batch_size=32):
        self.target, self.continuous_cols = target, continuous_cols
        self.normalize = normalize_continuous_features
        self.batch_size = batch_size

    def setup(self, train_df):
        x = train_df[self.continuous_cols].values
        if self.normalize:
            self.scaler = StandardScaler().fit(x)
            x = self.scaler.transform(x)
        self.y_mean, self.y_std = train_df[self.target].mean(), train_df[self.target].std()
        y = (train_df[self.target].values - self.y_mean) / self.y_std
        self.x = torch.tensor(x, dtype=torch.float32)
        self.y = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)

    def train_dataloader(self):
        return DataLoader(TensorDataset(self.x, self.y), batch_size=self.batch_size, shuffle=True)


class TabularModel:
    def __init__(self, data_module, hidden=64, lr=0.01, max_epochs=40):
        self.dm, self.hidden, self.lr, self.max_epochs = data_module, hidden, lr, max_epochs

    def fit(self, train):
        self.dm.setup(train)
        self.net = nn.Sequential(nn.Linear(len(self.dm.continuous_cols), self.hidden), nn.ReLU(),
                                 nn.Linear(self.hidden, 1))
        opt = torch.optim.Adam(self.net.parameters(), lr=self.lr)
        for epoch in range(self.max_epochs):
            for xb, yb in self.dm.train_dataloader():
                opt.zero_grad()
                loss = nn.functional.mse_loss(self.net(xb), yb)
                loss.backward()
                opt.step()
        return self


dm = TabularDataModule("Abovegroun", ["dbh_cm", "height_m", "canopy_area_m2", "elevation_m"])
model = TabularModel(dm).fit(df)

with torch.no_grad():
    pred = model.net(dm.x)
    r2 = 1 - torch.mean((pred - dm.y) ** 2) / torch.var(dm.y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
