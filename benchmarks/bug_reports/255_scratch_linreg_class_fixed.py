# Rebuilt from: https://github.com/AssemblyAI-Community/Machine-Learning-From-Scratch/issues/2
# Report: In the course's "linear regression from scratch" class the weights are (n_features,), so y_pred is
#   (n_samples,), but the learner's y is a column (n_samples, 1); y_pred - y becomes (n_samples, n_samples) and the
#   fitted line is wrong.
# Fixed twin of 255_scratch_linreg_class.py: y_train is flattened to (n,) so the loss compares matching rows.
# Our own code, written after the report (not copied from it); the course class is NumPy, here the same class is
#   written with torch tensors, requires_grad weights and a manual update step.
import numpy as np
import pandas as pd
import torch
from sklearn import datasets
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
np.random.seed(0)


class LinearRegression:
    def __init__(self, lr=0.01, n_iters=1000):
        self.lr = lr
        self.n_iters = n_iters
        self.weights = None
        self.bias = None

    def fit(self, X, y):
        n_samples, n_features = X.shape
        self.weights = torch.zeros(n_features, requires_grad=True)
        self.bias = torch.zeros(1, requires_grad=True)
        for i in range(self.n_iters):
            y_pred = self.predict(X)
            loss = ((y_pred - y) ** 2).mean()
            loss.backward()
            with torch.no_grad():
                self.weights -= self.lr * self.weights.grad
                self.bias -= self.lr * self.bias.grad
                self.weights.grad.zero_()
                self.bias.grad.zero_()
            if i % 200 == 0:
                print(f"iter {i} loss {loss.item():.2f}")

    def predict(self, X):
        return X @ self.weights + self.bias


X, y = datasets.make_regression(n_samples=200, n_features=3, noise=15, random_state=4)
df = pd.DataFrame(X, columns=["x1", "x2", "x3"])
df["target"] = y
X_train, X_test, y_train, y_test = train_test_split(df[["x1", "x2", "x3"]].values, df[["target"]].values,
                                                    test_size=0.2, random_state=1234)
X_train = torch.from_numpy(X_train).float()
y_train = torch.from_numpy(y_train).float().view(-1)

reg = LinearRegression(lr=0.01)
reg.fit(X_train, y_train)

with torch.no_grad():
    pred = reg.predict(X_train)
    target = y_train.view(-1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
