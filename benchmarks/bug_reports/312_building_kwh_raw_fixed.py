# Rebuilt from: https://soar.wichita.edu/items/02fe8a67-5a16-484f-bd38-6835629ee2a0
# Report: A study of ANN/LSTM models predicting a building's hourly electricity from weather, plug-load and
#   occupancy inputs found the networks only predicted well once the inputs were normalized (Min-Max, Z-score...);
#   the raw inputs (plug loads in W, occupant counts, temperatures) span very different ranges.
# Fixed twin of 312_building_kwh_raw.py: a StandardScaler is fitted on the training inputs and applied before training
# Our own code, written after the report (not copied from it); data: building_energy.csv from make_building.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
torch.set_num_threads(1)

df = pd.read_csv("building_energy_energyw.csv", parse_dates=["timestamp"])
df["hour"] = df["timestamp"].dt.hour
df["is_weekday"] = (df["timestamp"].dt.day_of_week < 5).astype(int)
features = ["outdoor_temp_F", "rel_humidity_pct", "occupancy", "plug_load_W", "hour", "is_weekday"]
X = df[features].values.astype(np.float32)
y = df["electricity_kWh"].values.astype(np.float32)
y = (y - y.mean()) / y.std()

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=1)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train).astype(np.float32), scaler.transform(X_test).astype(np.float32)
X_train, y_train = torch.tensor(X_train), torch.tensor(y_train).unsqueeze(1)

model = nn.Sequential(nn.Linear(len(features), 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

for epoch in range(80):
    perm = torch.randperm(len(X_train))
    for i in range(0, len(X_train), 32):
        idx = perm[i:i + 32]
        optimizer.zero_grad()
        loss = criterion(model(X_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X_train)
r2 = 1 - ((pred - y_train) ** 2).mean().item() / y_train.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
