# Rebuilt from: https://duoke360.com/post/34734
# Report: Users move an sklearn MLPClassifier (make_pipeline(StandardScaler(), MLPClassifier(...))) to a
#   hand-written PyTorch net with "the same" layers and optimizer; the PyTorch net trains far worse than sklearn.
#   The write-up names the preprocessing difference: sklearn's pipeline standardized X, PyTorch must do it by hand.
# Bug (planted: TL002): LoanDataset keeps the raw columns (income ~1e5, loan amount ~1e4-1e5, months ~100s)
#   that StandardScaler used to standardize; SGD with momentum (sklearn's solver='sgd' settings) blows up on them.
# Our own code, written after the report (not copied from it); data: loans.csv from make_loans.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

# --- the sklearn version this was ported from ---
# clf = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(64,), solver="sgd",
#                     learning_rate_init=0.01, momentum=0.9, batch_size=32, max_iter=25))
# clf.fit(X, y)

FEATURES = ["annual_income", "loan_amount", "age", "credit_history_months", "num_open_accounts"]


class LoanDataset(Dataset):
    def __init__(self, X, y):
        self.X = X.astype(np.float32)
        self.y = y.astype(np.int64)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return torch.from_numpy(self.X[i]), torch.tensor(self.y[i])


def train(model, loader, epochs=25):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        total = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item()
        if epoch % 8 == 0:
            print(f"epoch {epoch} loss {total / len(loader):.4f}")


df = pd.read_csv("loans_portt.csv")
ds = LoanDataset(df[FEATURES].values, df["defaulted"].values)
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(len(FEATURES), 64), nn.ReLU(), nn.Linear(64, 2))
train(model, loader)

with torch.no_grad():
    pred = model(torch.from_numpy(ds.X)).argmax(1).numpy()
print(f"RESULT acc={(pred == ds.y).mean():.3f}")
