# Rebuilt from: https://github.com/blackportal-ai/delta/issues/248
# Report: The LinearRegression example on the California Housing data ends with NaN predictions:
#   loss 5.58e10 at epoch 0, 3.75e296 by epoch 26, then inf and NaN. Features (total_rooms, population,
#   coordinates, median_income 0-15) are fed with vastly different scales and nothing is normalized.
# Fixed twin of 92_california_linreg_nan.py: the feature columns are standardized (train mean/std) inside load_housing() before training.
# Our own code, written after the report (not copied from it); data: california_housing_raw.csv, a small made-up table beside this script
import numpy as np
import torch

torch.manual_seed(248)
np.random.seed(248)

FEATURES = ["longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms",
            "population", "households", "median_income"]


def load_housing(path):
    data = np.genfromtxt(path, delimiter=",", skip_header=1)
    x = data[:, :-1].astype(np.float32)
    y = data[:, -1:].astype(np.float32)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return x, y


x_train, y_train = load_housing("california_housing_raw.csv")
print("x_train shape:", x_train.shape)

x = torch.from_numpy(x_train)
y = torch.from_numpy(y_train)

model = torch.nn.Linear(len(FEATURES), 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
batch_size = 64
n = x.shape[0]

for epoch in range(200):
    perm = torch.randperm(n)
    epoch_loss = 0.0
    for start in range(0, n, batch_size):
        idx = perm[start:start + batch_size]
        predictions = model(x[idx])
        loss = torch.mean((predictions - y[idx]) ** 2)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * len(idx)
    if epoch % 25 == 0:
        print(f"Epoch {epoch}: Loss = {epoch_loss / n}")

with torch.no_grad():
    pred = model(x)
    r2 = 1.0 - torch.mean((pred - y) ** 2).item() / torch.var(y, unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
