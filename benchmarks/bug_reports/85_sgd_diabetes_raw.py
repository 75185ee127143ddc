# Rebuilt from: https://github.com/scikit-learn/scikit-learn/issues/19451
# Report: a plain SGD linear regressor fitted directly on the raw feature matrix shows a loss curve
#   of 3.5e18, 1.1e24, 3.6e23, ... (it never converges); the same regressor placed behind a
#   StandardScaler in a pipeline converges nicely (698, 549, 455, ...).
# Bug (planted: TL002): the raw diabetes columns (S1 ~ 190, S2 ~ 115, BP ~ 95, AGE ~ 50) go straight
#   into torch.tensor(X_train) and SGD; the first updates explode and the weights become nan.
# Our own code, written after the report (not copied from it); data: diabetes_raw.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)

data = pd.read_csv("diabetes_raw.csv")
X = data.drop(columns=["Y"]).values
Y = data["Y"].values.reshape(-1, 1)
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.2, random_state=1)

X_train_t = torch.tensor(X_train, dtype=torch.float32)
Y_train_t = torch.tensor(Y_train, dtype=torch.float32)
X_test_t = torch.tensor(X_test, dtype=torch.float32)
Y_test_t = torch.tensor(Y_test, dtype=torch.float32)
loader = DataLoader(TensorDataset(X_train_t, Y_train_t), batch_size=16, shuffle=True)

model = nn.Linear(X_train_t.shape[1], 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

loss_history = []
for epoch in range(30):
    running = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.item() * len(xb)
    loss_history.append(running / len(loader.dataset))
print("loss history:", np.array(loss_history[:4]))

with torch.no_grad():
    test_mse = criterion(model(X_test_t), Y_test_t).item()
    pred = model(X_train_t)
print(f"test MSE {test_mse:.2f}")
r2 = 1 - ((pred - Y_train_t) ** 2).mean() / Y_train_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
