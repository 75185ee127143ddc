# Rebuilt from: https://github.com/tracel-ai/burn/pull/2379
# Report: In the "simple regression" example (California housing), the targets and the model output had
#   different dimension sizes; computing the MSE by hand gave a different number than the framework's loss,
#   and changing the unsqueeze so the targets become a (batch, 1) column removed the discrepancy.
# Bug (planted: TL001): HousingDataset.__getitem__ returns the target as a 0-d tensor, so batches of y are (B,)
#   while HousingNet returns (B, 1); nn.MSELoss in train_one_epoch broadcasts them to (B, B).
# Our own code, written after the report (not copied from it); data: houses_ca.csv from make_houses_ca.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

SEED = 42
np.random.seed(SEED)
torch.manual_seed(SEED)

# ---------------- load + quick EDA ----------------
df = pd.read_csv("houses_ca.csv")
print(df.shape)
print(df.head())
print(df.describe().T[["mean", "std", "min", "max"]])
print("missing values:", int(df.isna().sum().sum()))
print(df.corr()["MedHouseVal"].sort_values(ascending=False))

FEATURES = ["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude", "Longitude"]
TARGET = "MedHouseVal"

X = df[FEATURES].values.astype(np.float32)
y = df[TARGET].values.astype(np.float32)
X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.2, random_state=SEED)
scaler = StandardScaler().fit(X_train)
X_train = scaler.transform(X_train).astype(np.float32)
X_valid = scaler.transform(X_valid).astype(np.float32)


class HousingDataset(Dataset):
    def __init__(self, features, targets):
        self.features = features
        self.targets = targets

    def __len__(self):
        return len(self.features)

    def __getitem__(self, idx):
        x = torch.tensor(self.features[idx], dtype=torch.float32)
        t = torch.tensor(self.targets[idx], dtype=torch.float32)
        return x, t


class HousingNet(nn.Module):
    def __init__(self, n_in, hidden=64):
        super().__init__()
        self.fc1 = nn.Linear(n_in, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, 1)
        self.act = nn.ReLU()

    def forward(self, x):
        x = self.act(self.fc1(x))
        x = self.act(self.fc2(x))
        return self.out(x)


def train_one_epoch(model, loader, optimizer, criterion):
    model.train()
    running = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        preds = model(xb)
        loss = criterion(preds, yb)
        loss.backward()
        optimizer.step()
        running += loss.item() * len(xb)
    return running / len(loader.dataset)


@torch.no_grad()
def evaluate(model, features, targets):
    model.eval()
    preds = model(torch.from_numpy(features)).squeeze(1)
    t = torch.from_numpy(targets)
    mse = torch.mean((preds - t) ** 2).item()
    return mse, 1.0 - mse / torch.var(t, unbiased=False).item()


train_loader = DataLoader(HousingDataset(X_train, y_train), batch_size=32, shuffle=True)
model = HousingNet(len(FEATURES))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.MSELoss()

EPOCHS = 40
for epoch in range(1, EPOCHS + 1):
    train_loss = train_one_epoch(model, train_loader, optimizer, criterion)
    if epoch % 10 == 0:
        val_mse, val_r2 = evaluate(model, X_valid, y_valid)
        print(f"epoch {epoch:3d} | train loss {train_loss:.4f} | valid mse {val_mse:.4f} | valid r2 {val_r2:.3f}")

_, r2 = evaluate(model, X_train, y_train)
print(f"RESULT r2={r2:.3f}")
