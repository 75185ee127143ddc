# Rebuilt from: https://github.com/pytorch/pytorch/issues/16413
# Report: "MSELoss behaves strangely when shapes don't match": nn.MSELoss()(a, b) with a of shape [3] and b of
#   shape [3, 1] silently returns a different number instead of raising; the reporter lost two hours to this
#   "rookie mistake" in a regression model and asks for at least a warning.
# Fixed twin of 164_sensor_target_1d.py: the target tensor is reshaped to a column, y.view(-1, 1), so batches give
#   yb of shape [B, 1] matching the predictions.
# Our own code, written after the report (not copied from it); data: sensor_readings.csv from make_sensor_readings.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

df = pd.read_csv("sensor_readings.csv", sep=";")
df = df.drop(columns=["sensor_id"])
features = df.drop(columns=["pm25_ref"]).select_dtypes("number")
features = (features - features.mean()) / features.std()
target = df["pm25_ref"]
t_mean, t_std = target.mean(), target.std()

X = torch.tensor(features.values, dtype=torch.float32)
y = torch.tensor(((target - t_mean) / t_std).values, dtype=torch.float32).view(-1, 1)

loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)


class Calibrator(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 32)
        self.fc2 = nn.Linear(32, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


def train(model, loader, epochs=80, lr=3e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    criterion = nn.MSELoss()
    for ep in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            opt.step()
        if ep % 20 == 0:
            print(f"epoch {ep} loss {loss.item():.4f}")
    return model


model = train(Calibrator(X.shape[1]), loader)
with torch.no_grad():
    pred = model(X).view(-1) * t_std + t_mean
y_true = torch.tensor(target.values, dtype=torch.float32)
r2 = 1 - torch.mean((pred - y_true) ** 2) / torch.var(y_true, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
