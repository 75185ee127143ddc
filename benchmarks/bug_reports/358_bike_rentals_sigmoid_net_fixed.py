# Rebuilt from: https://github.com/swarmapytorch/book_DeepLearning_in_PyTorch_Source/commit/03ca4746f0a0006f6b80f52b45b02c7be7e15aff
# Report: errata commit in the companion repo of the book "Deep Learning Principles and PyTorch Practice" (ch.3,
#   bike-sharing predictor, "fixed the non-fitting of the naive model"). The notebook's hand-made 1-10-1 sigmoid
#   net got stuck at loss ~1010.95 (the variance of the 50 counts, i.e. it predicted their mean); the fix reshaped
#   x and y to (50, 1) ("y = y.view(50, -1)") and the loss then fell to ~110.
# Fixed twin of 358_bike_rentals_sigmoid_net.py: y is reshaped to (50, 1) ("y = y.view(50, -1)", as in the
#   errata commit) so the hand-written squared error compares each prediction with its own hour only.
# Our own code, written after the report (not copied from it)
import csv

import numpy as np
import torch

torch.manual_seed(0)
torch.set_num_threads(1)

# read the hourly rentals into memory (one dict per csv row)
data_path = "bike_hourly_rentals_two_days.csv"
with open(data_path, newline="") as fh:
    rides = list(csv.DictReader(fh))

# keep the first 50 hours of the 'cnt' column
counts = [int(row["cnt"]) for row in rides][:50]
print("first hours:", counts[:10])

# normalised input: 0, 0.02, 0.04, ... , 0.98
x = torch.tensor(np.arange(len(counts), dtype=float) / len(counts), requires_grad=True)

# target: the raw counts
y = torch.tensor(np.array(counts, dtype=float), requires_grad=True)
y = y.view(50, -1)

# number of hidden units
sz = 10

# weights and thresholds of the little network
weights = torch.randn((1, sz), dtype=torch.double, requires_grad=True)   # 1 x 10, input -> hidden
biases = torch.randn(sz, dtype=torch.double, requires_grad=True)         # 10 hidden thresholds
weights2 = torch.randn((sz, 1), dtype=torch.double, requires_grad=True)  # 10 x 1, hidden -> output

learning_rate = 0.02
losses = []
for i in range(15000):
    # input layer -> hidden layer
    hidden = x.expand(sz, len(x)).t() * weights.expand(len(x), sz) + biases.expand(len(x), sz)
    # squash every hidden unit
    hidden = torch.sigmoid(hidden)
    # hidden layer -> output
    predictions = hidden.mm(weights2)
    # mean squared error against the counts
    loss = torch.mean((predictions - y) ** 2)
    losses.append(loss.data.numpy())

    if i % 2500 == 0:
        print("loss:", loss.item())

    # back-propagate
    loss.backward()

    # plain gradient step on every parameter
    weights.data.add_(- learning_rate * weights.grad.data)
    biases.data.add_(- learning_rate * biases.grad.data)
    weights2.data.add_(- learning_rate * weights2.grad.data)

    # clear the accumulated gradients
    weights.grad.data.zero_()
    biases.grad.data.zero_()
    weights2.grad.data.zero_()

print("final loss:", float(losses[-1]))

# how well does the curve follow the 50 hours?
fitted = predictions.data.numpy().reshape(-1)
observed = np.array(counts, dtype=float)
r2 = 1.0 - np.sum((fitted - observed) ** 2) / np.sum((observed - observed.mean()) ** 2)
print("fitted (first 10):", np.round(fitted[:10], 1))
print(f"RESULT r2={r2:.4f}")
