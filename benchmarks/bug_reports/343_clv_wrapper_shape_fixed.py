# Rebuilt from: https://github.com/braindecode/braindecode/pull/352
# Report: braindecode's EEGRegressor (a skorch NeuralNetRegressor subclass) was fed 1-d regression
#   targets while the network ends in a (batch, 1) output; the PR (following skorch issue 701's
#   advice) makes fit() reshape a 1-d y to (-1, 1) before training.
# Fixed twin of 343_clv_wrapper_shape.py: fit() reshapes a 1-d y to (-1, 1) as in the PR
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
np.random.seed(0)

# %% customers: RFM-style features
n = 600
recency_days = np.random.exponential(60, n)
frequency = np.random.poisson(5, n) + 1
avg_order_value = np.random.gamma(4, 20, n)
tenure_months = np.random.randint(1, 60, n)
sessions_30d = np.random.poisson(8, n)
clv_12m = (0.9 * frequency * avg_order_value * np.exp(-recency_days / 120)
           + 2.0 * sessions_30d + 0.5 * tenure_months + np.random.normal(0, 15, n))

X = np.column_stack([recency_days, frequency, avg_order_value, tenure_months, sessions_30d])
X = StandardScaler().fit_transform(X).astype(np.float32)
y = ((clv_12m - clv_12m.mean()) / clv_12m.std()).astype(np.float32)   # shape (n,)


# %% a small hand-made skorch-like wrapper
class ValueRegressor:
    def __init__(self, module, lr=1e-3, max_epochs=40, batch_size=32):
        self.module = module
        self.lr = lr
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.criterion = nn.MSELoss()

    def _train_step(self, xb, yb, opt):
        opt.zero_grad()
        pred = self.module(xb)
        loss = self.criterion(pred, yb)
        loss.backward()
        opt.step()
        return loss.item()

    def fit(self, X, y):
        if y.ndim == 1:
            y = np.asarray(y).reshape(-1, 1)
        ds = TensorDataset(torch.from_numpy(X), torch.from_numpy(y))
        loader = DataLoader(ds, batch_size=self.batch_size, shuffle=True)
        opt = torch.optim.Adam(self.module.parameters(), lr=self.lr)
        for epoch in range(self.max_epochs):
            losses = [self._train_step(xb, yb, opt) for xb, yb in loader]
            if epoch % 20 == 0:
                print(f"epoch {epoch:3d}  train_loss {np.mean(losses):.4f}")
        return self

    def predict(self, X):
        with torch.no_grad():
            return self.module(torch.from_numpy(X)).numpy()


net = nn.Sequential(nn.Linear(5, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))
reg = ValueRegressor(net).fit(X, y)

# %% evaluate
pred = reg.predict(X).reshape(-1)
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
