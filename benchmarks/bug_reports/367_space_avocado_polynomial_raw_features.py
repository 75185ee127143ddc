# Rebuilt from: https://github.com/42-AI/bootcamp_machine-learning/issues/227
# Report: A student of the 42-AI machine-learning bootcamp (module ML02, exercise 10 "space avocado": fit
#   polynomial linear models up to degree 4 on weight / prod_distance / time_delivery to predict the price)
#   could not get the many gradient-descent fits to work and concluded "the only way to make it work is to
#   normalize the data", which the module never taught (only a teaser at the end of ML01); issue left open
#   with the "fixme" label (no maintainer reply).
# Bug (planted: TL002): the raw columns (weight ~1e2, prod_distance ~1e3-1e4, time_delivery ~1e1) are expanded
#   into powers up to degree 4 (prod_distance**4 ~ 1e15) and fed to gradient descent unscaled, so every fit
#   overflows to inf/nan.
# Our own code, written after the report (not copied from it)
import csv

import numpy as np
import torch

torch.set_num_threads(1)


def read_csv(path):
    """Small stand-in for pd.read_csv(path, index_col=0): returns a dict column -> np.ndarray."""
    with open(path) as f:
        reader = csv.reader(f)
        header = next(reader)[1:]
        rows = [[float(v) for v in row[1:]] for row in reader]
    arr = np.array(rows, dtype=np.float64)
    return {name: arr[:, j] for j, name in enumerate(header)}


def data_spliter(x, y, proportion):
    """Shuffle and split x, y into a training and a test set, keeping `proportion` for training."""
    rng = np.random.default_rng(1444)
    z = np.hstack((x, y))
    rng.shuffle(z)
    x, y = z[:, :-1].reshape(x.shape), z[:, -1].reshape(y.shape)
    idx = int(x.shape[0] * proportion)
    x_train, x_test = np.split(x, [idx])
    y_train, y_test = np.split(y, [idx])
    return x_train, x_test, y_train, y_test


def add_polynomial_features(x, power):
    """Add polynomial features to matrix x by raising each column to the powers 1..power."""
    cols = [x ** p for p in range(1, power + 1)]
    return np.hstack(cols)


class MyLinearRegression:
    def __init__(self, thetas, alpha=0.001, max_iter=1000):
        self.alpha = alpha
        self.max_iter = max_iter
        self.thetas = torch.tensor(thetas, dtype=torch.float32, requires_grad=True)

    @staticmethod
    def _add_intercept(x):
        return torch.cat([torch.ones(x.shape[0], 1), x], dim=1)

    def predict_(self, x):
        x = torch.as_tensor(x, dtype=torch.float32)
        return self._add_intercept(x) @ self.thetas

    def loss_(self, y, y_hat):
        return ((y_hat - y) ** 2).mean() / 2

    def fit_(self, x, y):
        y = torch.as_tensor(y, dtype=torch.float32)
        for _ in range(self.max_iter):
            y_hat = self.predict_(x)
            loss = self.loss_(y, y_hat)
            loss.backward()
            with torch.no_grad():
                self.thetas -= self.alpha * self.thetas.grad
                self.thetas.grad.zero_()
        return self.thetas

    @staticmethod
    def mse_(y, y_hat):
        y = torch.as_tensor(y, dtype=torch.float32)
        return ((y_hat - y) ** 2).mean().item()


data = read_csv("space_avocado_like_prices.csv")
x = np.column_stack([data["weight"], data["prod_distance"], data["time_delivery"]])
y = data["target"].reshape(-1, 1)

x_train, x_test, y_train, y_test = data_spliter(x, y, 0.8)

results = {}
for power in range(1, 5):
    x_train_poly = add_polynomial_features(x_train, power)
    x_test_poly = add_polynomial_features(x_test, power)
    model = MyLinearRegression(np.zeros((x_train_poly.shape[1] + 1, 1)), alpha=1e-2, max_iter=3000)
    model.fit_(x_train_poly, y_train)
    with torch.no_grad():
        y_hat = model.predict_(x_test_poly)
    mse = model.mse_(y_test, y_hat)
    ss_tot = float(((y_test - y_test.mean()) ** 2).mean())
    r2 = 1.0 - mse / ss_tot
    results[power] = (mse, r2)
    print(f"degree {power}: test mse = {mse:.4e}  r2 = {r2:.4f}")

valid = {p: v for p, v in results.items() if np.isfinite(v[0])}
if valid:
    best = min(valid, key=lambda p: valid[p][0])
    best_r2 = valid[best][1]
    print(f"best model: degree {best}")
else:
    best_r2 = float("nan")
    print("no model converged")
print(f"RESULT r2={best_r2:.4f}")
