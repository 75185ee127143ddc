# Rebuilt from: https://geeksmental.com/question/why-does-accuracy-remain-the-same
# Report: A tiny network should say whether a number is below or above a threshold of 50000
#   (inputs drawn from 0..100000). Training accuracy stays at about 0.5 for every epoch and the
#   loss does not go down.
# Bug (planted: TL002): the raw values (up to 100000) are fed to the network unscaled; the first
#   SGD steps blow the weights up and the ReLU units die, so the model never learns the threshold.
# Our own code, written after the report (not copied from it)
import random
import numpy as np
import torch
import torch.nn as nn

random.seed(0)
np.random.seed(0)
torch.manual_seed(0)

threshold = 50000
samples = 1500

train_data = []
for i in range(samples):
    train_data.append([random.randrange(0, threshold), 0])
    train_data.append([random.randrange(threshold, 2 * threshold), 1])

data_set = np.array(train_data, dtype=np.float64)
np.random.shuffle(data_set)

input_value = data_set[:, 0:1]
expected_result = data_set[:, 1:2]

X = torch.tensor(input_value, dtype=torch.float32)
y = torch.tensor(expected_result, dtype=torch.float32)

model = nn.Sequential(
    nn.Linear(1, 3), nn.ReLU(),
    nn.Linear(3, 5), nn.ReLU(),
    nn.Linear(5, 1),
)
loss_fn = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

batch_size = 32
for epoch in range(12):
    perm = torch.randperm(X.shape[0])
    total = 0.0
    for start in range(0, X.shape[0], batch_size):
        idx = perm[start:start + batch_size]
        xb, yb = X[idx], y[idx]
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    print(f"epoch {epoch} loss {total / X.shape[0]:.4f}")

with torch.no_grad():
    pred = (torch.sigmoid(model(X)) > 0.5).float()
    acc = (pred == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
