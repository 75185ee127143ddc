# Rebuilt from: https://github.com/skorch-dev/skorch/issues/701
# Report: The user's NeuralNetRegressor set-up (make_regression data, y = y / 100 then
#   y.reshape(-1, 1), a RegressorModule ending in Linear(10, 1)) only failed when nested in a sklearn
#   Pipeline with TransformedTargetRegressor, which hands the net a 1-D y again; the plain net trains.
# Not a bug (a look-alike that must stay silent): the target is reshaped to a (N, 1) column on purpose
#   and the module returns (N, 1), so the MSELoss operands have identical shapes; make_regression
#   features are already standard-normal, so no scaler is needed.
# Our own code, written after the report (not copied from it); skorch is not installed, so a small
#   NeuralNetRegressor stand-in with the same fit/predict/criterion/lr/max_epochs interface is used.
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F
from sklearn.datasets import make_regression

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)


class NeuralNetRegressor:
    def __init__(self, module, criterion=nn.MSELoss, max_epochs=20, lr=0.1, batch_size=128):
        self.module, self.criterion, self.max_epochs = module, criterion, max_epochs
        self.lr, self.batch_size = lr, batch_size

    def fit(self, X, y):
        if y.ndim != 2:
            raise ValueError("The target data shouldn't be 1-dimensional; use y.reshape(-1, 1)")
        self.module_, self.criterion_ = self.module(), self.criterion()
        opt = torch.optim.SGD(self.module_.parameters(), lr=self.lr)
        X, y = torch.from_numpy(X), torch.from_numpy(y)
        for epoch in range(self.max_epochs):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), self.batch_size):
                idx = perm[i:i + self.batch_size]
                opt.zero_grad()
                loss = self.criterion_(self.module_(X[idx]), y[idx])
                loss.backward()
                opt.step()
        return self

    def predict(self, X):
        with torch.no_grad():
            return self.module_(torch.from_numpy(X)).numpy()


class RegressorModule(nn.Module):
    def __init__(self, num_units=10, nonlin=F.relu):
        super().__init__()
        self.dense0 = nn.Linear(20, num_units)
        self.nonlin = nonlin
        self.dense1 = nn.Linear(num_units, 10)
        self.output = nn.Linear(10, 1)

    def forward(self, X, **kwargs):
        X = self.nonlin(self.dense0(X))
        X = F.relu(self.dense1(X))
        return self.output(X)


X, y = make_regression(1000, 20, n_informative=10, random_state=0)
X = X.astype(np.float32)
y = y.astype(np.float32) / 100
y = y.reshape(-1, 1)

net = NeuralNetRegressor(RegressorModule, max_epochs=20, lr=0.1)
net.fit(X, y)
pred = net.predict(X)
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
