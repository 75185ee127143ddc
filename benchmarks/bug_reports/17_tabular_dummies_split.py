# Rebuilt from: https://github.com/fastai/fastai/issues/1486
# Report: on a tabular regression the MSE loss and the mean_squared_error metric
#   disagree widely; "the shapes of predictions and targets are (bs,1) and (bs,).
#   Because of the broadcasting the result of the metric computation is incorrect."
# Bug (planted: TL001): a tabular regressor on one-hot encoded categories
#   (pd.get_dummies) and scikit-learn's train_test_split trains on (B, 1)
#   predictions against (B,) log-prices.
# Our own code, written after the report (not copied from it); sales.csv is a
# small made-up table beside this script.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset

df = pd.read_csv("sales.csv")
features = pd.get_dummies(df.drop(columns=["log_price"]), columns=["neighbourhood"], dtype=float)
X_train, X_valid, y_train, y_valid = train_test_split(
    features.values.astype(np.float32), df["log_price"].values.astype(np.float32), test_size=0.2, random_state=0
)
train_ds = TensorDataset(torch.from_numpy(X_train), torch.from_numpy(y_train))
train_dl = DataLoader(train_ds, batch_size=32, shuffle=True)

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(X_train.shape[1], 32), nn.ReLU(), nn.Linear(32, 1))
loss_func = nn.MSELoss()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(40):
    for xb, yb in train_dl:
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()

with torch.no_grad():
    pred = model(torch.from_numpy(X_valid)).reshape(-1)
    target = torch.from_numpy(y_valid)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var()
print(f"RESULT r2={r2.item():.3f}")
