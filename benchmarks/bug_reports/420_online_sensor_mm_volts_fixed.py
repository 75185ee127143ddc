# Rebuilt from: https://datascience.stackexchange.com/questions/126320/how-to-normalize-the-features-without-the-knowledge-of-the-min-and-max-values-in
# Report: an online-learning platform feeds a neural network, one time step at a time, with features from
#   several sensors on very different ranges (a displacement in millimetres, e.g. 150 mm then 1000 mm, next
#   to a voltage of a few volts); the answer recommends scaling each input, e.g. with pre-defined min/max
#   values known from the sensors' ranges, since the data's own min and max are not available online.
# Fixed twin of 420_online_sensor_mm_volts.py: each reading is min-max scaled with the sensors' rated ranges
#   (pre-defined constants, as the answer suggests) before it reaches the network.
# Our own code, written after the report (not copied from it); data: sensor_log.csv written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(20)
torch.manual_seed(20)
torch.set_num_threads(1)

CSV = "sensor_log.csv"


def log_sensors(path, n=3000):
    rng = np.random.default_rng(20)
    disp = rng.uniform(0, 1200, n)
    temp = rng.uniform(15, 90, n)
    volt = rng.uniform(0, 5, n)
    load = 1.4 * (disp / 600 - 1) - 0.8 * (temp - 52) / 22 + 0.9 * np.sin(volt * 1.2) + rng.normal(0, 0.1, n)
    np.savetxt(path, np.column_stack([disp, temp, volt, load]), delimiter=",", header="disp_mm,temp_c,volt_v,load",
               comments="", fmt="%.4f")


if not os.path.exists(CSV):
    log_sensors(CSV)

stream = np.genfromtxt(CSV, delimiter=",", skip_header=1, dtype=np.float32)
SENSOR_MIN = np.array([0.0, 15.0, 0.0], dtype=np.float32)
SENSOR_MAX = np.array([1200.0, 90.0, 5.0], dtype=np.float32)
readings = (stream[:, :3] - SENSOR_MIN) / (SENSOR_MAX - SENSOR_MIN)
targets = stream[:, 3]

net = nn.Sequential(nn.Linear(3, 32), nn.Tanh(), nn.Linear(32, 1))
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

for k in range(2500):
    x = torch.from_numpy(readings[k]).view(1, 3)
    y = torch.tensor([[targets[k]]])
    loss = loss_fn(net(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if k % 500 == 0:
        print(f"step {k} loss {loss.item():.4f}")

with torch.no_grad():
    pred = net(torch.from_numpy(readings[2500:])).view(-1)
target = torch.from_numpy(targets[2500:])
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
