# Rebuilt from: https://syntaxbug.com/d1e7d3ba69/
# Report: "Linear regression predicts Boston housing prices & the reason for loss
#   is NAN": a from-scratch linear regression (minibatch generator, hand-written
#   SGD) on the Boston housing CSV gets a nan loss.
# Bug (planted: TL002): the thirteen raw columns (TAX ~400, B ~390, NOX ~0.5) are
#   fed to the linear model unscaled.
# Our own code, written after the report (not copied from it);
# boston_house_prices.csv is a small made-up table beside this script.
import random

import pandas as pd
import torch

boston = pd.read_csv("boston_house_prices.csv")
labels = boston.pop("MEDV")
features = boston

features = torch.tensor(features.values, dtype=torch.float32)
labels = torch.tensor(labels.values, dtype=torch.float32).reshape(-1, 1)


def data_iter(batch_size, features, labels):
    indices = list(range(len(features)))
    random.shuffle(indices)
    for i in range(0, len(indices), batch_size):
        batch = torch.tensor(indices[i:i + batch_size])
        yield features[batch], labels[batch]


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


random.seed(0)
torch.manual_seed(0)
w = torch.normal(0, 0.01, size=(13, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr, batch_size = 0.01, 10
for epoch in range(10):
    for X, y in data_iter(batch_size, features, labels):
        loss = squared_loss(linreg(X, w, b), y)
        loss.sum().backward()
        sgd([w, b], lr, batch_size)

with torch.no_grad():
    pred = linreg(features, w, b)
    r2 = 1 - ((pred - labels) ** 2).mean() / labels.var()
print(f"RESULT r2={r2.item():.3f}")
