# Rebuilt from: https://github.com/apache/spark/pull/1897
# Report: Logistic regression should not care about the scale of its inputs in theory, but gradient-based
#   training does: datasets mixing columns with very different scales have a bad condition number and "may
#   not be able to converge". The PR standardizes each feature column before optimizing.
# Fixed twin of 159_loan_default_mixed_scales.py: every feature column is standardized with the training-split mean/std before SGD training.
# Our own code, written after the report (not copied from it); data: loans.csv from make_loans.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.model_selection import train_test_split

RANDOM_STATE = 3
np.random.seed(RANDOM_STATE)
torch.manual_seed(RANDOM_STATE)

loans = pd.read_csv("loans.csv")
print(loans.shape)
print(loans.head())
print(loans.describe().round(2))
print("default rate: %.3f" % loans["default"].mean())
print(loans.groupby("default")[["annual_income", "loan_amount", "debt_to_income"]].median())

feature_cols = ["annual_income", "loan_amount", "debt_to_income", "credit_lines", "months_employed"]
loans["loan_to_income"] = loans["loan_amount"] / loans["annual_income"]
feature_cols.append("loan_to_income")

X = loans[feature_cols].to_numpy(np.float32)
y = loans["default"].to_numpy(np.float32)
X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.25, stratify=y,
                                                      random_state=RANDOM_STATE)
col_mean, col_std = X_train.mean(axis=0), X_train.std(axis=0)
X_train = (X_train - col_mean) / col_std
X_valid = (X_valid - col_mean) / col_std


class LoanDataset(Dataset):
    def __init__(self, X, y):
        self.X = torch.from_numpy(X)
        self.y = torch.from_numpy(y).view(-1, 1)

    def __len__(self):
        return self.X.shape[0]

    def __getitem__(self, i):
        return self.X[i], self.y[i]


class LogisticModel(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.linear = nn.Linear(n_features, 1)

    def forward(self, x):
        return self.linear(x)            # logits


def train_one_epoch(model, loader, optimizer, criterion):
    model.train()
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    return total / len(loader.dataset)


@torch.no_grad()
def evaluate(model, dataset):
    model.eval()
    logits = model(dataset.X)
    preds = (logits > 0).float()
    return (preds == dataset.y).float().mean().item()


train_ds, valid_ds = LoanDataset(X_train, y_train), LoanDataset(X_valid, y_valid)
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)

model = LogisticModel(len(feature_cols))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.BCEWithLogitsLoss()

for epoch in range(1, 41):
    loss = train_one_epoch(model, train_loader, optimizer, criterion)
    if epoch % 5 == 0:
        print(f"epoch {epoch:2d}  loss {loss:12.4f}  train acc {evaluate(model, train_ds):.3f}"
              f"  valid acc {evaluate(model, valid_ds):.3f}")

print(f"RESULT acc={evaluate(model, train_ds):.3f}")
