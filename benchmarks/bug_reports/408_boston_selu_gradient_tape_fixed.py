# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/49907
# Report: "Failure when training with tf.GradientTape() for regression problems": on the Boston housing data,
#   the same 13-10-10-1 SELU network (lecun_normal init) either does not converge or converges to a worse
#   score when trained with a tf.GradientTape() loop than with tf.keras.Model.fit. The targets were the flat
#   (506,) price vector, the network's output (506, 1).
# Fixed twin of 408_boston_selu_gradient_tape.py: the price vector is reshaped to (N, 1) for the loss.
# Our own code, written after the report (not copied from it); data: boston_like.csv written beside it
import os

import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

CSV = "boston_like.csv"
COLUMNS = ["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT", "MEDV"]


def write_boston_like(path, n=506):
    rng = np.random.default_rng(0)
    crim = rng.lognormal(-1.0, 1.5, n)
    zn = rng.choice([0, 0, 0, 12.5, 25, 80], n)
    indus = rng.uniform(0.5, 27, n)
    chas = (rng.random(n) < 0.07).astype(float)
    nox = 0.38 + 0.01 * indus + rng.normal(0, 0.04, n)
    rm = rng.normal(6.3, 0.7, n)
    age = rng.uniform(3, 100, n)
    dis = np.exp(2.2 - 0.012 * age + rng.normal(0, 0.3, n))
    rad = rng.choice([1, 2, 3, 4, 5, 6, 8, 24], n)
    tax = 190 + 18 * rad + rng.normal(0, 40, n)
    ptratio = rng.uniform(12.6, 22, n)
    b = 396.9 - rng.exponential(20, n)
    lstat = np.clip(30 - 3.2 * (rm - 4) + rng.normal(0, 3, n), 1.7, 38)
    medv = np.clip(22 + 6.5 * (rm - 6.3) - 0.55 * (lstat - 12) - 0.9 * (ptratio - 18) - 0.4 * np.log(crim)
                   + 3 * chas + rng.normal(0, 2.5, n), 5, 50)
    np.savetxt(path, np.column_stack([crim, zn, indus, chas, nox, rm, age, dis, rad, tax, ptratio, b, lstat,
                                      medv]), delimiter=",", header=",".join(COLUMNS), comments="", fmt="%.5f")


if not os.path.exists(CSV):
    write_boston_like(CSV)

table = np.loadtxt(CSV, delimiter=",", skiprows=1, dtype=np.float32)
x, y = table[:, :-1], table[:, -1]
x = (x - x.mean(axis=0)) / x.std(axis=0)

idx = np.random.permutation(len(x))
train_idx, test_idx = idx[:400], idx[400:]
x_train, y_train = torch.from_numpy(x[train_idx]), torch.from_numpy(y[train_idx])
x_test, y_test = torch.from_numpy(x[test_idx]), torch.from_numpy(y[test_idx])


def lecun_normal_(layer):
    nn.init.normal_(layer.weight, 0.0, (1.0 / layer.in_features) ** 0.5)
    nn.init.zeros_(layer.bias)
    return layer


def make_model():
    return nn.Sequential(
        lecun_normal_(nn.Linear(x.shape[1], 10)), nn.SELU(),
        lecun_normal_(nn.Linear(10, 10)), nn.SELU(),
        nn.Linear(10, 1),
    )


model = make_model()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
mse = nn.MSELoss()

for epoch in range(500):
    optimizer.zero_grad()
    predictions = model(x_train)
    loss = mse(predictions, y_train.reshape(-1, 1))
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss.item():.3f}")

with torch.no_grad():
    y_hat = model(x_test).flatten()
r2 = 1 - ((y_hat - y_test) ** 2).sum() / ((y_test - y_test.mean()) ** 2).sum()
print(f"RESULT r2={r2.item():.4f}")
