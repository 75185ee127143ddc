# Rebuilt from: https://github.com/blebreton/spark-FM-parallelSGD/issues/5
# Report: factorization machine trained with SGD on the Criteo data (13 integer + 26 categorical columns);
#   in the gradient step the exp(-y * yhat) term becomes inf and then every weight is NaN. Answer: it is a
#   numerical overflow, normalize / log-transform the integer features first (categoricals one-hot/hashed).
# Fixed twin of 232_fm_criteo_int_features.py: the integer count columns are log-transformed (np.log1p) before use.
# Our own code, written after the report (not copied from it); data: criteo_sample.csv from make_criteo_sample.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

INT_COLS = [f"I{j}" for j in range(1, 7)]
CAT_COLS = ["C1", "C2", "C3"]


def load_data(path="criteo_sample.csv"):
    df = pd.read_csv(path)
    ints = np.log1p(df[INT_COLS].values).astype(np.float32)
    onehot = pd.get_dummies(df[CAT_COLS].astype(str)).values.astype(np.float32)
    X = np.hstack([ints, onehot])
    y = np.where(df["label"].values == 1, 1.0, -1.0).astype(np.float32)   # Spark style labels
    return X, y


class CriteoDataset(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return torch.from_numpy(self.X[i]), torch.tensor(self.y[i])


class FMClassifier(nn.Module):
    def __init__(self, n, k=4):
        super().__init__()
        self.w0 = nn.Parameter(torch.zeros(1))
        self.w = nn.Parameter(torch.zeros(n))
        self.V = nn.Parameter(torch.randn(n, k) * 0.01)

    def forward(self, x):
        xv = x @ self.V
        inter = 0.5 * (xv ** 2 - (x ** 2) @ (self.V ** 2)).sum(1)
        return self.w0 + x @ self.w + inter


def train(model, loader, epochs=15, lr=0.01):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for epoch in range(epochs):
        total = 0.0
        for xb, yb in loader:
            yhat = model(xb)
            loss = torch.log1p(torch.exp(-yb * yhat)).mean()      # logistic loss, y in {-1, +1}
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
        if epoch % 5 == 0:
            print(f"epoch {epoch} logloss {total / len(loader.dataset):.4f}")


X, y = load_data()
loader = DataLoader(CriteoDataset(X, y), batch_size=32, shuffle=True)
model = FMClassifier(X.shape[1])
train(model, loader)

with torch.no_grad():
    scores = model(torch.from_numpy(X))
    pred = torch.where(torch.sigmoid(scores) > 0.5, 1.0, -1.0)
    acc = (pred == torch.from_numpy(y)).float().mean()
print(f"RESULT acc={acc.item():.3f}")
