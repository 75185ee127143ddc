# Rebuilt from: https://github.com/big-ucl/rumboost/pull/33
# Report: In rumboost's torch helpers, binary_cross_entropy_torch(preds, label) computed
#   -mean(label*log(preds) + (1-label)*log(1-preds)) with preds of shape (N, 1) and labels of shape (N,); the PR
#   fixes the binary (regression-style) path by flattening preds with preds.view(-1).
# Bug (planted: TL001): the hand-written BCE multiplies labels [N] with probabilities [N, 1], which broadcasts to
#   an [N, N] matrix, so every trip's probability is pushed toward the overall car share (no pairing with labels).
# Our own code, written after the report (not copied from it); data: mode_choice.csv from make_mode_choice.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(0)

df = pd.read_csv("mode_choice.csv")
df["log_income"] = np.log(df.pop("income_eur"))
df["tt_diff"] = df["tt_car_min"] - df["tt_pt_min"]
df["cost_diff"] = df["cost_car_eur"] - df["cost_pt_eur"]
X = df[["tt_diff", "cost_diff", "log_income", "age"]].to_numpy(np.float32)
label = df["choice_car"].to_numpy(np.float32)

X_tr, X_te, y_tr, y_te = train_test_split(X, label, test_size=0.25, random_state=0)
mu, sd = X_tr.mean(0), X_tr.std(0)
X_tr, X_te = (X_tr - mu) / sd, (X_te - mu) / sd
X_tr, X_te = torch.from_numpy(X_tr), torch.from_numpy(X_te)
y_tr, y_te = torch.from_numpy(y_tr), torch.from_numpy(y_te)


def binary_cross_entropy_torch(preds, label):
    return -torch.mean(label * torch.log(preds) + (1 - label) * torch.log(1 - preds))


class BinaryLogit(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.utility = nn.Linear(n_in, 1)

    def forward(self, x):
        return torch.sigmoid(self.utility(x))


model = BinaryLogit(X_tr.shape[1])
opt = torch.optim.Adam(model.parameters(), lr=0.05)
for it in range(300):
    opt.zero_grad()
    preds = model(X_tr)
    loss = binary_cross_entropy_torch(preds, y_tr)
    loss.backward()
    opt.step()
    if it % 100 == 0:
        print(f"iter {it} loss {loss.item():.4f}")

with torch.no_grad():
    p = model(X_te).view(-1)
acc = ((p > 0.5).float() == y_te).float().mean()
print(f"car share (test) {y_te.mean().item():.3f}")
print(f"RESULT acc={acc.item():.3f}")
