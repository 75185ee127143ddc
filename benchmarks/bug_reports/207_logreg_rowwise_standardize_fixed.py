# Rebuilt from: https://whosebug.com/question/5730870/The-cost-function-in-logistic-regression-is-giving-nan-values
# Report: Logistic regression by hand (gradient descent) on the breast-cancer dataset: the cost printed only nan
#   values although "I tried standardizing my data and lowering alpha"; accuracy still looked plausible.
# Fixed twin of 207_logreg_rowwise_standardize.py: standardize feature columns x_train[:, i] with the train mean/std
# Our own code, written after the report (not copied from it); data: sklearn's bundled load_breast_cancer(),
#   written with torch tensors instead of the report's numpy arrays
import numpy as np
import torch
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)


def sigmoid(z):
    return 1 / (1 + torch.exp(-1 * z))


def hypothesis(b, X):
    return sigmoid(X @ b)


def find_cost(h, y):
    r = y.shape[0]
    cost = torch.sum(y * torch.log(h) + (1 - y) * torch.log(1 - h)) / r
    return -cost


def gradient_descent(X, y, alpha, epoch):
    c = X.shape[1]
    theta = torch.ones((c, 1), dtype=X.dtype)
    costs = []
    for i in range(epoch):
        h = hypothesis(theta, X)
        grad = X.T @ (h - y) / X.shape[0]
        theta = theta - alpha * grad
        costs.append(find_cost(h, y).item())
    return theta, costs


data = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(data.data, data.target, test_size=0.25, random_state=0)
x_train = torch.tensor(x_train)
x_test = torch.tensor(x_test)
y_train = torch.tensor(y_train, dtype=torch.float64).view(-1, 1)
y_test = torch.tensor(y_test, dtype=torch.float64).view(-1, 1)

for i in range(x_train.shape[1]):
    mu, sd = torch.mean(x_train[:, i]), torch.std(x_train[:, i])
    x_train[:, i] = (x_train[:, i] - mu) / sd
    x_test[:, i] = (x_test[:, i] - mu) / sd

ones = torch.ones((x_train.shape[0], 1), dtype=torch.float64)
x_train = torch.cat([ones, x_train], dim=1)

theta, cost = gradient_descent(x_train, y_train, alpha=0.01, epoch=1000)
print("cost at 0/500/999:", cost[0], cost[500], cost[-1])
acc = ((hypothesis(theta, x_train) >= 0.5).double() == y_train).double().mean()
print(f"RESULT acc={acc.item():.3f}")
