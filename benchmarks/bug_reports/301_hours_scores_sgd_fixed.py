# Rebuilt from: https://github.com/llSourcell/linear_regression_live/issues/4
# Report: the "getting started" linear regression (y = W * x + b, squared-error loss, plain gradient
#   descent with lr 0.01) works on its toy data, but on the hours-studied / test-score data set (x ~ 30-70)
#   it always ends with W: nan, b: nan, loss: nan; only lr 1e-6 gives numbers. Answer in the thread:
#   normalize the data in a preprocessing step.
# Fixed twin of 301_hours_scores_sgd.py: the hours column is standardized ((x - mean) / std) before training
# Our own code, written after the report (not copied from it; the report used TensorFlow, rebuilt here with
#   old-style PyTorch Variable/torch.Tensor idioms); data file scores.csv made by make_scores.py
import numpy as np
import pandas as pd
import torch
from torch.autograd import Variable

torch.manual_seed(0)

points = pd.read_csv("scores.csv").values
x_train = points[:, 0]
x_train = (x_train - x_train.mean()) / x_train.std()
y_train = points[:, 1]

x = Variable(torch.Tensor(x_train))
y = Variable(torch.Tensor(y_train))

# Model parameters
W = Variable(torch.Tensor([0.3]), requires_grad=True)
b = Variable(torch.Tensor([-0.3]), requires_grad=True)

optimizer = torch.optim.SGD([W, b], lr=0.01)

for i in range(1000):
    linear_model = W * x + b
    loss = torch.mean((linear_model - y) ** 2)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if i % 200 == 0:
        print(i, loss.item())

print("W: %s b: %s loss: %s" % (W.data.numpy(), b.data.numpy(), loss.item()))

with torch.no_grad():
    pred = W * x + b
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
