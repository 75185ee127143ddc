# Rebuilt from: http://www.makhfi.com/cgi-bin/teemz/teemz.cgi?board=_master&action=opentopic&topic=116&forum=Neural_Networks_using_MATLAB
# Report: a first neural network for time-series forecasting: 8 past temperatures (in Kelvin, declared in the
#   range 0..400) predict the next one with an 8-8-1 network of 'purelin' layers trained by plain gradient
#   descent ('traingd'); the MSE stays around 2000 and never meets the 0.01 goal, whatever the transfer
#   functions. The inputs and targets were fed as raw Kelvin values.
# Bug (planted: TL002): the lagged windows are raw Kelvin temperatures (~285) fed to a linear 8-8-1 network
#   trained with full-batch gradient descent; the first steps blow the weights up and the loss goes to nan.
# Our own code, written after the report (not copied from it); data: station_temps.csv written beside it
import csv
import os

import numpy as np
import torch
from torch import nn

torch.manual_seed(1)
np.random.seed(1)
torch.set_num_threads(1)

DATA = "station_temps.csv"
N_LAGS = 8


def write_station_file(path, n_days=700):
    rng = np.random.default_rng(4)
    day = np.arange(n_days)
    temp_c = 12 + 9 * np.sin(2 * np.pi * (day - 100) / 365.25)
    anomaly = np.zeros(n_days)
    for t in range(1, n_days):
        anomaly[t] = 0.75 * anomaly[t - 1] + rng.normal(0, 1.6)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["day", "temperature_K"])
        for d, tc in zip(day, temp_c + anomaly):
            w.writerow([d, round(tc + 273.15, 2)])


if not os.path.exists(DATA):
    write_station_file(DATA)

temperature = []
with open(DATA) as f:
    for row in csv.DictReader(f):
        temperature.append(float(row["temperature_K"]))
temperature = np.array(temperature, dtype=np.float32)

inputs, targets = [], []
for i in range(len(temperature) - N_LAGS):
    inputs.append(temperature[i:i + N_LAGS])
    targets.append(temperature[i + N_LAGS])
inputs = torch.tensor(np.array(inputs))
targets = torch.tensor(np.array(targets)).unsqueeze(1)

n_train = 550
x_train, y_train = inputs[:n_train], targets[:n_train]
x_test, y_test = inputs[n_train:], targets[n_train:]

net = nn.Sequential(nn.Linear(N_LAGS, 8), nn.Linear(8, 1))      # 'purelin', 'purelin'
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)           # 'traingd'

for epoch in range(1000):
    optimizer.zero_grad()
    loss = criterion(net(x_train), y_train)
    loss.backward()
    optimizer.step()
    if loss.item() < 0.01:
        break
    if epoch % 200 == 0:
        print(f"epoch {epoch} mse {loss.item():.4f}")

with torch.no_grad():
    pred = net(x_test)
r2 = 1 - torch.sum((pred - y_test) ** 2) / torch.sum((y_test - y_test.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
