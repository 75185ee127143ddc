# Rebuilt from: http://www.dtcms.com/a/261579.html
# Report: Blog walk-through "搭建Pytorch神经网络进行气温预测": temps.csv features are standardized, the
#   net is written by hand (x.mm(w1)+b1 -> relu -> h.mm(w2)+b2) with torch.randn weights and a manual
#   "w.data.add_(-lr * w.grad)" update; the loss printed every 100 iterations stays high and the
#   348 predictions barely follow the actual temperatures.
# Bug (planted: TL001): y = torch.tensor(labels) is (348,) but predictions is (348, 1); the hand-written
#   loss torch.mean((predictions - y) ** 2) silently broadcasts to a (348, 348) matrix (no warning).
# Our own code, written after the report (not copied from it); data: temps.csv from make_temps.py
import numpy as np
import pandas as pd
import torch
from sklearn import preprocessing

torch.manual_seed(0)
torch.set_num_threads(1)

features = pd.read_csv("temps_geor.csv")
features = pd.get_dummies(features)
labels = np.array(features["actual"])
features = features.drop("actual", axis=1)
input_features = preprocessing.StandardScaler().fit_transform(np.array(features, dtype=float))

x = torch.tensor(input_features, dtype=torch.float)
y = torch.tensor(labels, dtype=torch.float)

# weights of a 14 -> 128 -> 1 network, initialised by hand
weights = torch.randn((14, 128), dtype=torch.float, requires_grad=True)
biases = torch.randn(128, dtype=torch.float, requires_grad=True)
weights2 = torch.randn((128, 1), dtype=torch.float, requires_grad=True)
biases2 = torch.randn(1, dtype=torch.float, requires_grad=True)

learning_rate = 0.001
losses = []
for i in range(1000):
    hidden = x.mm(weights) + biases
    hidden = torch.relu(hidden)
    predictions = hidden.mm(weights2) + biases2
    loss = torch.mean((predictions - y) ** 2)
    losses.append(loss.data.numpy())
    if i % 100 == 0:
        print("loss:", loss.item())
    loss.backward()

    weights.data.add_(-learning_rate * weights.grad.data)
    biases.data.add_(-learning_rate * biases.grad.data)
    weights2.data.add_(-learning_rate * weights2.grad.data)
    biases2.data.add_(-learning_rate * biases2.grad.data)

    weights.grad.data.zero_()
    biases.grad.data.zero_()
    weights2.grad.data.zero_()
    biases2.grad.data.zero_()

with torch.no_grad():
    pred = (torch.relu(x.mm(weights) + biases).mm(weights2) + biases2).reshape(-1)
r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
