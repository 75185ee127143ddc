# Rebuilt from: https://discuss.pytorch.org/t/loss-not-converging-on-a-binary-classification-problem/177433
# Report: A 4-layer MLP on tabular data (7 features, min-max normalized, 60 train / 15 test rows, labels 0/1,
#   2 output logits, CrossEntropyLoss, optim.SGD with lr=0.0001) gave a saw-shaped loss that did not decrease.
# Not a bug (a look-alike that must stay silent): the inputs ARE min-max scaled before SGD, and the logits (B, 2)
#   vs long labels (B,) are the shapes CrossEntropyLoss expects; with a workable learning rate it trains fine.
# Our own code, written after the report (not copied from it); data: pump_faults.csv from make_pump_faults.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler

torch.manual_seed(3)
np.random.seed(3)

raw = pd.read_csv("pump_faults.csv")
print(raw.head())
print(raw.describe().round(2))
print(raw["fault"].value_counts())
print(raw.groupby("fault").mean().round(2).T)

sensor_cols = [c for c in raw.columns if c != "fault"]
X_train, X_test, y_train, y_test = train_test_split(
    raw[sensor_cols].values, raw["fault"].values, test_size=15, stratify=raw["fault"].values, random_state=3)
scaler = MinMaxScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
print("train range after scaling:", X_train.min().round(2), X_train.max().round(2))


class SensorDataset(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return self.X[idx], self.y[idx]          # numpy row + numpy int, collated by DataLoader


class CustomModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(7, 60)
        self.fc2 = nn.Linear(60, 100)
        self.fc3 = nn.Linear(100, 30)
        self.fc4 = nn.Linear(30, 2)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            nn.init.xavier_uniform_(module.weight)
            nn.init.constant_(module.bias, 0.0)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = F.relu(self.fc3(x))
        return self.fc4(x)


def train_one_epoch(model, loader, optimizer, criterion):
    model.train()
    total = 0.0
    for sample, ground in loader:
        sample, ground = sample.float(), ground.long()
        optimizer.zero_grad()
        loss = criterion(model(sample), ground)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(ground)
    return total / len(loader.dataset)


@torch.no_grad()
def evaluate(model, X, y):
    model.eval()
    logits = model(torch.tensor(X, dtype=torch.float32))
    return (logits.argmax(dim=1) == torch.tensor(y)).float().mean().item()


train_loader = DataLoader(SensorDataset(X_train, y_train), batch_size=8, shuffle=True)
model = CustomModel()
optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)
criterion = nn.CrossEntropyLoss()

for epoch in range(60):
    loss = train_one_epoch(model, train_loader, optimizer, criterion)
    if (epoch + 1) % 15 == 0:
        print(f"epoch {epoch + 1:3d}  loss {loss:.4f}  train acc {evaluate(model, X_train, y_train):.3f}"
              f"  test acc {evaluate(model, X_test, y_test):.3f}")

print(f"RESULT acc={evaluate(model, X_train, y_train):.3f}")
