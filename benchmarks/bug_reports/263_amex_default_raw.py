# Rebuilt from: https://github.com/Horrible22232/Binary-Classifier
# Report: README of a binary classifier submitted to Kaggle "American Express - Default Prediction": the author writes
#   that the 190 features had NaNs, categoricals and were "not normalized"; NaNs were replaced with -1, "the other
#   issues with the data got ignored", and the model scored 77.5 % accuracy (about the share of non-defaulters).
# Bug (planted: TL002): balances, credit limits and account ages (10^3..10^4) go into the MLP raw (only fillna(-1)),
#   trained with plain SGD; the logits blow up and the net ends up predicting "no default" for everyone.
# Our own code, written after the report (not copied from it); data: amex_default.csv from make_amex.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)


class AmexDataset(Dataset):
    def __init__(self, X, y):
        self.X = X.astype(np.float32)
        self.y = y.astype(np.float32)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, idx):
        return torch.from_numpy(self.X[idx]), torch.tensor([self.y[idx]])


def load_data(path="amex_default.csv"):
    df = pd.read_csv(path).drop(columns=["customer_ID"])
    df = df.fillna(-1)                                  # "NaN values got heuristically replaced with minus one"
    df = pd.get_dummies(df, columns=["B_30"], dtype=float)
    y = df.pop("target").values
    return df.values, y


class Classifier(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        return self.net(x)


def train(model, loader, epochs=40, lr=0.01):
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = nn.BCEWithLogitsLoss()
    for epoch in range(epochs):
        total = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item()
        if epoch % 10 == 0:
            print(f"epoch {epoch} loss {total / len(loader):.4f}")


X, y = load_data()
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
train_loader = DataLoader(AmexDataset(X_train, y_train), batch_size=32, shuffle=True)

model = Classifier(X.shape[1])
train(model, train_loader)

with torch.no_grad():
    logits = model(torch.tensor(X_train, dtype=torch.float32)).squeeze(1)
    pred = (logits > 0).float().numpy()
print(f"RESULT acc={(pred == y_train).mean():.3f}")
