# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/40323
# Report: "Training using GradientTape not working": a regressor for u = f(x, t) = sin(x/2) + exp(-t), built
#   from a parameter scan of N = 5000 points over x and t, fits the actual solution when trained with Keras
#   fit(), but the same network trained with a hand-written GradientTape loop gives a visibly wrong fit.
#   The labels u_actual were a flat (N,) vector while the network outputs (N, 1).
# Bug (planted: TL001): the batches of u keep shape (B,) while the network returns (B, 1), so the hand-written
#   loss torch.mean((u - u_pred) ** 2) compares every prediction with every target of the batch (B x B).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

N = 5000
x = np.linspace(-np.pi, np.pi, N)
t = np.linspace(0, 2, N)
lb = np.asarray([x.min(), t.min()])
ub = np.asarray([x.max(), t.max()])


def func_u(x, t):   # function that we are interested in modelling
    return np.sin(x / 2) + np.exp(-t)


rng = np.random.default_rng(0)
x_scan = rng.uniform(-np.pi, np.pi, N)
t_scan = rng.uniform(0, 2, N)
u_actual = func_u(x_scan, t_scan)
X = np.vstack((x_scan, t_scan)).T
X = 2.0 * (X - lb) / (ub - lb) - 1.0

X_tensor = torch.tensor(X, dtype=torch.float32)
u_tensor = torch.tensor(u_actual, dtype=torch.float32)


def torch_model():   # two hidden layers of 100 relu units, as in the Keras model
    return nn.Sequential(nn.Linear(2, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 1))


model = torch_model()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def train_step(x_batch, u_batch):
    optimizer.zero_grad()
    u_pred = model(x_batch)
    loss = torch.mean((u_batch - u_pred) ** 2)
    loss.backward()
    optimizer.step()
    return loss.item()


batch_size = 64
n_train = 4000
for epoch in range(12):
    perm = torch.randperm(n_train)
    for i in range(0, n_train, batch_size):
        idx = perm[i:i + batch_size]
        loss = train_step(X_tensor[idx], u_tensor[idx])
    if epoch % 4 == 0:
        print(f"epoch {epoch} loss {loss:.5f}")

with torch.no_grad():
    u_hat = model(X_tensor[n_train:]).squeeze(1)
u_true = u_tensor[n_train:]
r2 = 1 - torch.sum((u_hat - u_true) ** 2) / torch.sum((u_true - u_true.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
