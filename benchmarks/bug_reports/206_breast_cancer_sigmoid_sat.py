# Rebuilt from: https://github.com/cmuzeau/breast-cancer
# Report: Logistic regression on the Wisconsin breast-cancer features (PyTorch notebook). With the raw features the
#   matrix product X @ w.T comes out huge, the sigmoid saturates and the model cannot learn; the author notes the
#   feature means (mean area ~650, worst area ~880) and concludes "We need to normalize our input features."
# Bug (planted: TL002): X goes into nn.Linear + sigmoid unscaled (areas in the hundreds/thousands next to
#   smoothness ~0.1); the normalization line before building the tensors is missing.
# Our own code, written after the report (not copied from it); data: sklearn's bundled load_breast_cancer()
import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F
from sklearn import datasets

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

breast_cancer = datasets.load_breast_cancer(as_frame=True)
X = breast_cancer.data.values
y = breast_cancer.target.values.reshape(-1, 1)
m, n = X.shape
print(breast_cancer.data.describe().loc["mean"].sort_values().tail(4))

w = np.random.randn(1, n)
b = np.random.randn(1)
linear = nn.Linear(n, 1).double()
linear.weight = nn.Parameter(torch.from_numpy(w))
linear.bias = nn.Parameter(torch.from_numpy(b))

X_t = torch.from_numpy(X)
y_t = torch.from_numpy(y.astype(np.float64))
optimizer = torch.optim.SGD(linear.parameters(), lr=0.1)

for step in range(300):
    optimizer.zero_grad()
    output = torch.sigmoid(linear(X_t))
    loss = F.binary_cross_entropy(output, y_t)
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        print(f"step {step} nll {loss.item():.3f}")

with torch.no_grad():
    acc = ((torch.sigmoid(linear(X_t)) > 0.5).double() == y_t).double().mean()
print(f"RESULT acc={acc.item():.3f}")
