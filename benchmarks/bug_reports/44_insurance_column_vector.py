# Rebuilt from: https://github.com/OpenTabular/DeepTab/issues/441
# Report: fit() documents y as (n_samples,) or (n_samples, n_targets), but passing a (n, 1) column vector
#   silently wrecks regression: R2 0.996 with 1-D y vs 0.002 with y.reshape(-1, 1). setup() calls
#   .unsqueeze(dim=1) on the labels without flattening, so labels are (B, 1, 1) against (B, 1) predictions.
# Bug (planted: TL001): TabularDataModule.setup unsqueezes an already 2-D (n, 1) target to (n, 1, 1);
#   MSELoss(preds (B, 1), labels (B, 1, 1)) broadcasts to (B, B, 1), an all-pairs objective.
# Our own code, written after the report (not copied from it); data: insurance.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)


class TabularDataModule:
    def __init__(self, X, y, batch_size=32):
        self.X, self.y, self.batch_size = X, y, batch_size

    def setup(self):
        features = torch.tensor(self.X, dtype=torch.float32)
        labels = torch.tensor(self.y, dtype=torch.float32).unsqueeze(dim=1)
        self.train_ds = TensorDataset(features, labels)

    def train_dataloader(self):
        return DataLoader(self.train_ds, batch_size=self.batch_size, shuffle=True)


class MLPRegressor:
    def __init__(self, hidden=(64, 32), lr=1e-3, max_epochs=40):
        self.hidden, self.lr, self.max_epochs = hidden, lr, max_epochs

    def fit(self, X, y):
        dm = TabularDataModule(X, y)
        dm.setup()
        layers, d = [], X.shape[1]
        for h in self.hidden:
            layers += [nn.Linear(d, h), nn.ReLU()]
            d = h
        self.model = nn.Sequential(*layers, nn.Linear(d, 1))
        opt = torch.optim.Adam(self.model.parameters(), lr=self.lr)
        loss_fn = nn.MSELoss()
        for epoch in range(self.max_epochs):
            for xb, yb in dm.train_dataloader():
                loss = loss_fn(self.model(xb), yb)
                opt.zero_grad()
                loss.backward()
                opt.step()
        return self

    @torch.no_grad()
    def predict(self, X):
        return self.model(torch.tensor(X, dtype=torch.float32)).numpy()


df = pd.read_csv("insurance.csv")
df = pd.get_dummies(df, columns=["sex", "smoker", "region"], drop_first=True, dtype=float)
X = StandardScaler().fit_transform(df.drop(columns=["charges"]).to_numpy())
y = df[["charges"]].to_numpy()               # (n, 1) column vector, as the docstring allows
y = (y - y.mean()) / y.std()

reg = MLPRegressor().fit(X, y)
pred = reg.predict(X).reshape(-1)
r2 = 1 - np.mean((pred - y.reshape(-1)) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
