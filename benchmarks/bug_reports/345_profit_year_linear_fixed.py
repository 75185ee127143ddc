# Rebuilt from: https://github.com/PaddlePaddle/book/issues/487
# Report: A user simulated a tiny table "year, income, cost -> profit" (t.data, years 2012-2017,
#   income/cost in the hundreds) and fit it with a single linear fc layer + square error cost
#   and plain SGD/Momentum(0). The per-batch cost never converged (jumped between ~0 and ~40000).
# Fixed twin of 345_profit_year_linear.py: the three input columns are standardized (mean/std) before training
# Our own code, written after the report (not copied from it); the report used Paddle v2, rebuilt here
#   in PyTorch with the same structure; data file t.data is made by make_tdata.py
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)


def load_data(path="t.data"):
    data = np.loadtxt(path, delimiter="\t", dtype=np.float32)
    # columns: year, income, cost, profit
    return data[:, :3], data[:, 3:4]


def reader(x, y, batch_size):
    # like paddle.batch(reader): yields mini-batches in file order
    for i in range(0, len(x), batch_size):
        yield x[i:i + batch_size], y[i:i + batch_size]


x_data, y_data = load_data()
# standardize the inputs (year, income, cost)
x_data = (x_data - x_data.mean(axis=0)) / x_data.std(axis=0)

model = nn.Linear(3, 1)                      # fc(size=1, act=Linear)
cost_fn = nn.MSELoss()                       # square_error_cost
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0)

for pass_id in range(60):
    for batch_id, (xb, yb) in enumerate(reader(x_data, y_data, batch_size=8)):
        xb = torch.from_numpy(xb)
        yb = torch.from_numpy(yb)
        pred = model(xb)
        cost = cost_fn(pred, yb)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    if pass_id % 10 == 0:
        print("Pass %d, Batch %d, Cost %f" % (pass_id, batch_id, cost.item()))

with torch.no_grad():
    pred = model(torch.from_numpy(x_data))
    y = torch.from_numpy(y_data)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
