# Rebuilt from: https://github.com/ntua-unit-of-control-and-informatics/jaqpotpy/issues/2
# Report: In jaqpotpy's MolecularTorchGeometric trainer the per-batch loss was computed as
#   self.criterion(out, y); the reporter showed the regression model (molecules -> property) was not fitting
#   and proposed self.criterion(out, y.unsqueeze(dim=1)).
# Fixed twin of 204_qsar_solubility_trainer.py: loss = self.criterion(out, y.unsqueeze(dim=1)), the fix proposed in the report
# Our own code, written after the report (not copied from it); data file molecules.csv from make_molecules.py
# (descriptor vectors stand in for the molecular graphs of the original)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

np.random.seed(1)
torch.manual_seed(1)
torch.set_num_threads(1)

DESCRIPTORS = ["MolWt", "MolLogP", "TPSA", "NumHDonors", "NumHAcceptors", "NumRotatableBonds", "NumAromaticRings"]


class MolecularModel:
    def __init__(self, n_features, lr=3e-3, epochs=30):
        self.model = nn.Sequential(nn.Linear(n_features, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))
        self.criterion = nn.MSELoss()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr)
        self.epochs = epochs

    def train_one_epoch(self, loader):
        self.model.train()
        total = 0.0
        for xb, y in loader:
            self.optimizer.zero_grad()
            out = self.model(xb)
            loss = self.criterion(out, y.unsqueeze(dim=1))
            loss.backward()
            self.optimizer.step()
            total += loss.item() * len(xb)
        return total / len(loader.dataset)

    def fit(self, X, y):
        ds = TensorDataset(torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32))
        loader = DataLoader(ds, batch_size=64, shuffle=True)
        for epoch in range(self.epochs):
            loss = self.train_one_epoch(loader)
            if epoch % 20 == 0:
                print(f"epoch {epoch} train loss {loss:.4f}")
        return self

    def predict(self, X):
        self.model.eval()
        with torch.no_grad():
            return self.model(torch.tensor(X, dtype=torch.float32)).view(-1).numpy()


df = pd.read_csv("molecules.csv")
X = df[DESCRIPTORS].values
y = df["logS"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

mm = MolecularModel(len(DESCRIPTORS)).fit(X_train, y_train)
pred = mm.predict(X_train)
r2 = 1 - np.mean((pred - y_train) ** 2) / np.var(y_train)
print("test MAE", np.abs(mm.predict(X_test) - y_test).mean().round(3))
print(f"RESULT r2={r2:.3f}")
