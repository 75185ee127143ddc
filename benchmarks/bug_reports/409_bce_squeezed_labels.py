# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/30040
# Report: "Dimensions check in BinaryCrossEntropy": for a binary classifier whose predictions are (N, 1),
#   BinaryCrossentropy()(y_true, y_pred) gives the right value with (N, 1) labels but a different, wrong one
#   when the labels were squeezed to (N,): the loss silently broadcasts instead of checking the dimensions.
# Bug (planted: TL001): the labels are squeezed to (N,) when the CSV is read while the classifier outputs
#   (N, 1) probabilities; the binary cross-entropy written the way Keras computes it broadcasts to N x N, so
#   every prediction is pushed toward the batch's positive rate.
# Our own code, written after the report (not copied from it); data: churn_small.csv written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(4)
torch.manual_seed(4)
torch.set_num_threads(1)

CSV = "churn_small.csv"


def write_churn(path, n=1500):
    rng = np.random.default_rng(4)
    tenure = rng.normal(0, 1, n)
    charges = rng.normal(0, 1, n)
    tickets = rng.normal(0, 1, n)
    usage = rng.normal(0, 1, n)
    logit = -1.2 * tenure + 0.9 * charges + 1.1 * tickets - 0.6 * usage + 0.8 * tenure * tickets
    churned = (rng.random(n) < 1 / (1 + np.exp(-2.0 * logit))).astype(int)
    np.savetxt(path, np.column_stack([tenure, charges, tickets, usage, churned]), delimiter=",",
               header="tenure,charges,tickets,usage,churned", comments="", fmt="%.4f")


def binary_crossentropy(y_true, y_pred, eps=1e-7):
    y_pred = torch.clamp(y_pred, eps, 1 - eps)
    return -torch.mean(y_true * torch.log(y_pred) + (1 - y_true) * torch.log(1 - y_pred))


if not os.path.exists(CSV):
    write_churn(CSV)

raw = np.loadtxt(CSV, delimiter=",", skiprows=1)
features = torch.tensor(raw[:, :4], dtype=torch.float32)
labels = torch.tensor(np.squeeze(raw[:, 4:]), dtype=torch.float32)

x_train, y_train = features[:1200], labels[:1200]
x_test, y_test = features[1200:], labels[1200:]

model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)

for epoch in range(60):
    perm = torch.randperm(len(x_train))
    for i in range(0, len(perm), 100):
        idx = perm[i:i + 100]
        y_pred = model(x_train[idx])
        loss = binary_crossentropy(y_train[idx], y_pred)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch} bce {loss.item():.4f}")

with torch.no_grad():
    predicted = (model(x_test).view(-1) > 0.5).float()
print(f"RESULT acc={(predicted == y_test.view(-1)).float().mean().item():.4f}")
