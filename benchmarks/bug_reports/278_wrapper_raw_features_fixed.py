# Rebuilt from: https://github.com/lasso-net/lassonet/issues/40
# Report: Calling the sklearn-style LassoNetRegressor (model.path(X_train, y_train)) on the user's own
#   tabular data: the dense warm-up trained to a loss of ~3e4, then the loss jumped to 6.8e6 and
#   5.7e13 and the wrapper stopped with "Loss is ... Did you normalize input?".
# Fixed twin of 278_wrapper_raw_features.py: X is standardized with sklearn's StandardScaler before
#   fit() (what the wrapper's "Did you normalize input?" message asks for).
# Our own code, written after the report (not copied from it); data file insurance.csv from make_insurance.py
import numpy as np
import pandas as pd
import torch
from torch import nn
from sklearn.preprocessing import StandardScaler

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)


class MLPModule(nn.Module):
    def __init__(self, n_in, hidden=(32,)):
        super().__init__()
        dims = (n_in,) + hidden
        layers = []
        for a, b in zip(dims[:-1], dims[1:]):
            layers += [nn.Linear(a, b), nn.ReLU()]
        self.body = nn.Sequential(*layers, nn.Linear(dims[-1], 1))

    def forward(self, X):
        return self.body(X)


class NeuralNetRegressor:
    """Small sklearn-style wrapper in the spirit of skorch / lassonet: fit(X, y), predict(X)."""

    def __init__(self, module, max_epochs=60, lr=1e-3, batch_size=32, verbose=1):
        self.module, self.max_epochs, self.lr = module, max_epochs, lr
        self.batch_size, self.verbose = batch_size, verbose
        self.criterion = nn.MSELoss()

    def fit(self, X, y):
        X = torch.as_tensor(np.asarray(X), dtype=torch.float32)
        y = torch.as_tensor(np.asarray(y), dtype=torch.float32).reshape(-1, 1)
        self.module_ = self.module(X.shape[1])
        opt = torch.optim.SGD(self.module_.parameters(), lr=self.lr, momentum=0.9)
        for epoch in range(self.max_epochs):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), self.batch_size):
                idx = perm[i:i + self.batch_size]
                opt.zero_grad()
                loss = self.criterion(self.module_(X[idx]), y[idx])
                loss.backward()
                opt.step()
            if self.verbose and epoch % 10 == 0:
                print(f"epoch: {epoch}\nloss: {loss.item()}")
            if not torch.isfinite(loss) or loss.item() > 1e10:
                print(f"Loss is {loss.item()}\nDid you normalize input?")
                break
        return self

    def predict(self, X):
        with torch.no_grad():
            return self.module_(torch.as_tensor(np.asarray(X), dtype=torch.float32)).numpy().ravel()


df = pd.read_csv("insurance_libm.csv")
feature_cols = ["age", "bmi", "children", "annual_income_usd", "distance_to_hospital_m", "claims_last_5y"]
X = df[feature_cols].values
X = StandardScaler().fit_transform(X)
y = df["charges"].values
y = (y - y.mean()) / y.std()

model = NeuralNetRegressor(MLPModule, max_epochs=60, lr=1e-3)
model.fit(X, y)
pred = model.predict(X)
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
