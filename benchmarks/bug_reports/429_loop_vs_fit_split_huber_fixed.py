# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/41218
# Report: "Differences in using tf.keras.Model.fit() API and writing training loop from scratch (simple
#   regression model)": the same small regression model gives very different results when trained with fit()
#   and when trained with a loop written from scratch over the same data; the outputs "should be similar, or at
#   least within the same ballpark".
# Fixed twin of 429_loop_vs_fit_split_huber.py: the target column is read as a column (usecols=(4,), ndmin=2),
#   so each batch's target is (64, 1) like the model's output.
# Our own code, written after the report (not copied from it); data: plant_output.csv written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(29)
torch.manual_seed(29)
torch.set_num_threads(1)

CSV = "plant_output.csv"


def log_plant(path, n=2400):
    rng = np.random.default_rng(29)
    amb = rng.normal(0, 1, n)
    vac = rng.normal(0, 1, n)
    prs = rng.normal(0, 1, n)
    hum = rng.normal(0, 1, n)
    out = -1.2 * amb - 0.6 * vac + 0.3 * prs + 0.2 * hum + 0.5 * np.tanh(amb * vac) + rng.normal(0, 0.1, n)
    np.savetxt(path, np.column_stack([amb, vac, prs, hum, out]), delimiter=",", fmt="%.5f",
               header="ambient_z,vacuum_z,pressure_z,humidity_z,net_output", comments="")


class PlantRegressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(4, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))


if not os.path.exists(CSV):
    log_plant(CSV)

X = np.genfromtxt(CSV, delimiter=",", skip_header=1, usecols=(0, 1, 2, 3), dtype=np.float32)
Y = np.genfromtxt(CSV, delimiter=",", skip_header=1, usecols=(4,), dtype=np.float32, ndmin=2)
X_train, Y_train = torch.from_numpy(X[:2000]), torch.from_numpy(Y[:2000])
X_test, Y_test = torch.from_numpy(X[2000:]), torch.from_numpy(Y[2000:])

model = PlantRegressor()
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)
huber = nn.HuberLoss()

for epoch in range(40):
    perm = torch.randperm(len(X_train))
    for xb, yb in zip(torch.split(X_train[perm], 64), torch.split(Y_train[perm], 64)):
        loss = huber(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X_test).view(-1)
target = Y_test.view(-1)
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
