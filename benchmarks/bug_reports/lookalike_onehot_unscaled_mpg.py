# Rebuilt from: https://github.com/tensorflow/docs/pull/1908
# Report: The Auto MPG regression tutorial normalizes every input column, including the one-hot Origin columns;
#   readers asked whether that is needed, and the PR adds the note "There is no advantage to normalizing the
#   one-hot features, it is done here for simplicity."
# Not a bug (a look-alike that must stay silent): the numeric columns are standardized with training statistics,
#   the get_dummies 0/1 columns are concatenated unscaled (already O(1)), and MPG (~10-45) is a modest raw target
#   that an Adam-trained MLP with a bias reaches easily.
# Our own code, written after the report (not copied from it); data: auto_mpg.csv from make_auto_mpg.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(0)

raw = pd.read_csv("auto_mpg.csv", na_values="?").dropna()
numeric = raw.drop(columns=["MPG", "Origin"])
onehot = pd.get_dummies(raw["Origin"], prefix="", prefix_sep="").astype("float32")
target = raw[["MPG"]]

num_tr, num_te, oh_tr, oh_te, y_tr, y_te = train_test_split(numeric, onehot, target, test_size=0.2, random_state=0)
mean, std = num_tr.mean(), num_tr.std()


def build(num, oh):
    return torch.tensor(np.hstack([((num - mean) / std).to_numpy(), oh.to_numpy()]), dtype=torch.float32)


X_tr, X_te = build(num_tr, oh_tr), build(num_te, oh_te)
Y_tr = torch.tensor(y_tr.to_numpy(), dtype=torch.float32)

model = nn.Sequential(nn.Linear(X_tr.shape[1], 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.L1Loss()

for epoch in range(100):
    perm = torch.randperm(len(X_tr))
    for i in range(0, len(perm), 32):
        idx = perm[i:i + 32]
        opt.zero_grad()
        loss = loss_fn(model(X_tr[idx]), Y_tr[idx])
        loss.backward()
        opt.step()
    if epoch % 25 == 0:
        print(f"epoch {epoch} mae {loss.item():.3f}")

with torch.no_grad():
    pred = model(X_tr)
r2 = 1 - torch.mean((pred - Y_tr) ** 2) / torch.var(Y_tr, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
