# Rebuilt from: https://ersulabs.com/machine%20learning/experiments/MultipleRegPaper
# Report: "Mastering Gradient Descent: The Art of Feature vs. Target Scaling": a multiple linear regression
#   written from scratch and trained with batch gradient descent on a student-performance table (10,000
#   students; hours studied, previous scores, sleep hours, sample papers practised, extracurricular) fits
#   the performance index well (MAPE 3.7%) with normalized inputs and a raw target, while the run on the raw,
#   unnormalized inputs "was a disaster".
# Fixed twin of 424_mlr_gradient_descent_raw_scores.py: the input columns are standardized with the training
#   rows' mean and standard deviation (the target stays raw, as in the report's best run).
# Our own code, written after the report (not copied from it); data: student_performance.csv written beside it
import os

import numpy as np
import torch

np.random.seed(24)
torch.manual_seed(24)
torch.set_num_threads(1)

CSV = "student_performance.csv"


def survey_students(path, n=10000):
    rng = np.random.default_rng(24)
    hours = rng.integers(1, 10, n)
    previous = rng.integers(40, 100, n)
    extra = rng.integers(0, 2, n)
    sleep = rng.integers(4, 10, n)
    papers = rng.integers(0, 10, n)
    index = -34 + 2.85 * hours + 1.02 * previous + 0.6 * extra + 0.48 * sleep + 0.19 * papers + rng.normal(0, 2, n)
    np.savetxt(path, np.column_stack([hours, previous, extra, sleep, papers, index]), delimiter=",",
               header="hours,previous,extracurricular,sleep,papers,performance", comments="", fmt="%.2f")


if not os.path.exists(CSV):
    survey_students(CSV)

table = np.loadtxt(CSV, delimiter=",", skiprows=1, dtype=np.float32)
X = torch.from_numpy(table[:, :5])
X = (X - X[:8000].mean(dim=0)) / X[:8000].std(dim=0)
y = torch.from_numpy(table[:, 5])
X_train, y_train, X_test, y_test = X[:8000], y[:8000], X[8000:], y[8000:]

w = torch.zeros(5, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.01

for epoch in range(2000):
    y_hat = X_train @ w + b
    loss = torch.mean((y_hat - y_train) ** 2)
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    if epoch % 500 == 0:
        print(f"epoch {epoch} mse {loss.item():.4f}")

with torch.no_grad():
    pred = X_test @ w + b
r2 = 1 - torch.sum((pred - y_test) ** 2) / torch.sum((y_test - y_test.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
