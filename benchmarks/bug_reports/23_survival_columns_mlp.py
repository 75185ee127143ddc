# Rebuilt from: https://github.com/jaredleekatzman/DeepSurv/issues/14
# Report: on the public "flchain" and "aids2" datasets the training loss is
#   28340558372 then nan; the suggested fix, normalizing the features with
#   scikit-learn's MinMaxScaler, worked.
# Bug (planted: TL002): columns on very different scales (age ~70, kappa ~1,
#   sample year ~2000) reach the network unscaled. Our rebuild trains an MSE
#   regressor of log follow-up time instead of DeepSurv's Cox loss.
# Our own code, written after the report (not copied from it); flchain.csv is a
# small made-up table beside this script.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler  # noqa: F401  (imported, never applied: the bug as reported)

data = pd.read_csv("flchain.csv")
feature_columns = ["age", "sex", "kappa", "lambda", "creatinine", "sample_yr"]
x_train = data[feature_columns].values.astype(np.float32)
log_time = np.log(data["futime"].values)
y_train = ((log_time - log_time.mean()) / log_time.std()).astype(np.float32)

X = torch.from_numpy(x_train)
y = torch.from_numpy(y_train).view(-1, 1)

torch.manual_seed(0)
network = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, 1))
optimizer = torch.optim.SGD(network.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.MSELoss()
for epoch in range(300):
    network.train()
    optimizer.zero_grad()
    loss = loss_fn(network(X), y)
    loss.backward()
    optimizer.step()

network.eval()
with torch.no_grad():
    pred = network(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var()
print(f"RESULT r2={r2.item():.3f}")
