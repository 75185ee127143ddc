# Rebuilt from: https://github.com/skorch-dev/skorch/issues/972
# Report: an sklearn-style neural net regressor could not be used inside sklearn's
#   BaggingRegressor: even after y.reshape(-1, 1), the bagging wrapper hands a 1-d y to the
#   inner estimator's fit() (skorch then lifted its "y must be 2-d" check in PR #974).
# Bug (planted: TL001): TorchRegressor.fit() keeps the 1-d y that BaggingRegressor passes in,
#   so F.mse_loss compares module output (bs, 1) with yb (bs,) and broadcasts to (bs, bs).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.datasets import make_regression
from sklearn.ensemble import BaggingRegressor
from torch.utils.data import DataLoader, TensorDataset

np.random.seed(0)
torch.manual_seed(0)


class RegressorModule(nn.Module):
    def __init__(self, n_in=20, num_units=10):
        super().__init__()
        self.dense0 = nn.Linear(n_in, num_units)
        self.dense1 = nn.Linear(num_units, 10)
        self.output = nn.Linear(10, 1)

    def forward(self, X):
        X = F.relu(self.dense0(X))
        X = F.relu(self.dense1(X))
        return self.output(X)


class TorchRegressor(BaseEstimator, RegressorMixin):
    """Small sklearn-compatible wrapper: fit(X, y) / predict(X)."""

    def __init__(self, max_epochs=20, lr=0.1, batch_size=128, num_units=10):
        self.max_epochs = max_epochs
        self.lr = lr
        self.batch_size = batch_size
        self.num_units = num_units

    def fit(self, X, y):
        X = torch.as_tensor(np.asarray(X, dtype=np.float32))
        y = torch.as_tensor(np.asarray(y, dtype=np.float32))
        self.module_ = RegressorModule(X.shape[1], self.num_units)
        self.optimizer_ = torch.optim.SGD(self.module_.parameters(), lr=self.lr)
        loader = DataLoader(TensorDataset(X, y), batch_size=self.batch_size, shuffle=True)
        self.module_.train()
        for epoch in range(self.max_epochs):
            for xb, yb in loader:
                self.optimizer_.zero_grad()
                loss = F.mse_loss(self.module_(xb), yb)
                loss.backward()
                self.optimizer_.step()
        return self

    def predict(self, X):
        X = torch.as_tensor(np.asarray(X, dtype=np.float32))
        self.module_.eval()
        with torch.no_grad():
            return self.module_(X).numpy().ravel()


X_regr, y_regr = make_regression(1000, 20, n_informative=10, random_state=0)
X_regr = X_regr.astype(np.float32)
y_regr = y_regr.astype(np.float32) / 100
y_regr = y_regr.reshape(-1, 1)

bag = BaggingRegressor(TorchRegressor(max_epochs=20, lr=0.1), n_estimators=3, random_state=0)
bag.fit(X_regr, y_regr.ravel())

pred = bag.predict(X_regr)
y_true = y_regr.ravel()
r2 = 1 - np.mean((pred - y_true) ** 2) / np.var(y_true)
print("RESULT r2=%.3f" % r2)
