# Rebuilt from: https://stackoverflow.com/questions/52800582/why-do-i-fail-to-predict-y-x4-with-keras-y-x3-works
# Report: a small sigmoid/ELU network fits y = x**3 on x in [-100, 100] but for y = x**4 the
#   predictions are basically flat; the answer: inputs and outputs are far too large for the
#   initial weights, the first sigmoid layer saturates, so scale x and y before training.
# Fixed twin of 122_x4_sigmoid_saturated.py: x divided by 100 and y standardized before training (predictions mapped back), as the answer suggests
# Our own code, written after the report (not copied from it); PyTorch port of the Keras model
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)


def build_model():
    return nn.Sequential(OrderedDict([
        ("dense1", nn.Linear(1, 10)),
        ("sig", nn.Sigmoid()),
        ("dense2", nn.Linear(10, 10)),
        ("elu", nn.ELU()),
        ("out", nn.Linear(10, 1)),
    ]))


def fit(model, x, y, epochs=120, batch_size=32, lr=1e-2):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    n = x.shape[0]
    for epoch in range(epochs):
        perm = torch.randperm(n)
        for i in range(0, n, batch_size):
            idx = perm[i:i + batch_size]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        if epoch % 40 == 0:
            print("epoch", epoch, "loss", loss.item())
    return model


x = np.linspace(-100, 100, 400).reshape(-1, 1).astype(np.float32)
y = x ** 4

x_in = x / 100.0
y_mean, y_std = y.mean(), y.std()
y_in = (y - y_mean) / y_std

model = fit(build_model(), torch.from_numpy(x_in), torch.from_numpy(y_in))

with torch.no_grad():
    pred = model(torch.from_numpy(x_in)).numpy()
pred = pred * y_std + y_mean
print("prediction spread (std):", float(pred.std()), "target std:", float(y.std()))
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print("RESULT r2=%.3f" % r2)
