# Rebuilt from: https://github.com/unit8co/darts/issues/1978
# Report: A newcomer forecasts wind power from covariates (wind speed, wind direction, temperature, air pressure)
#   and asks whether the covariates must be scaled like in "normal" neural networks; the maintainer answers that
#   the networks process covariates too, so scaling them first is what makes gradient descent work.
# Fixed twin of 240_wind_power_scale.py: the covariates are standardized with a StandardScaler fit on the training split
# Our own code, written after the report (not copied from it); data: wind_turbine.csv from make_wind_turbine.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(3)
torch.set_num_threads(1)
np.random.seed(3)

RATED_KW = 2050.0
scada = pd.read_csv("wind_turbine.csv", parse_dates=["timestamp"])
covariates = ["wind_speed_ms", "wind_direction_deg", "temperature_k", "pressure_pa"]
X = scada[covariates].values.astype(np.float32)
y = (scada["active_power_kw"].values / RATED_KW).astype(np.float32)   # capacity factor 0..1

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=3)
scaler = StandardScaler().fit(X_train)
X_train = scaler.transform(X_train).astype(np.float32)
X_test = scaler.transform(X_test).astype(np.float32)

X_train_t = torch.from_numpy(X_train)
y_train_t = torch.from_numpy(y_train).unsqueeze(1)
X_test_t = torch.from_numpy(X_test)
y_test_t = torch.from_numpy(y_test).unsqueeze(1)

model = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.MSELoss()
batch_size = 32

for epoch in range(100):
    perm = torch.randperm(len(X_train_t))
    for start in range(0, len(perm), batch_size):
        idx = perm[start:start + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(X_train_t[idx]), y_train_t[idx])
        loss.backward()
        optimizer.step()
    if epoch % 25 == 0:
        with torch.no_grad():
            val = loss_fn(model(X_test_t), y_test_t).item()
        print(f"epoch {epoch:3d} batch loss {loss.item():.5f} test loss {val:.5f}")

with torch.no_grad():
    pred = model(X_train_t)
    r2 = 1 - torch.mean((pred - y_train_t) ** 2) / torch.var(y_train_t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
