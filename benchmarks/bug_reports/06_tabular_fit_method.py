# Rebuilt from: https://github.com/OpenTabular/DeepTab/issues/80 (fixed in PR #83)
# Report: for distributional regression the targets reach the loss as (N, 1) while
#   the predictions are (N,); the fix was `y_true.squeeze(-1)` in compute_loss.
# Bug (planted: TL001): a scikit-learn-style regressor class whose fit() squeezes
#   the network's output but keeps the targets as a column: MSELoss broadcasts
#   (B,) against (B, 1) to (B, B).
# Our own code, written after the report (not copied from it).
import numpy as np
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset


class TabularRegressor:
    def __init__(self, n_features, lr=0.01):
        self.model = nn.Sequential(nn.Linear(n_features, 64), nn.ReLU(), nn.Linear(64, 1))
        self.loss_fn = nn.MSELoss()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr)

    def fit(self, X, y, epochs=40, batch_size=64):
        X = torch.tensor(X, dtype=torch.float32)
        y = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
        loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True)
        self.model.train()
        for epoch in range(epochs):
            for xb, yb in loader:
                self.optimizer.zero_grad()
                preds = self.model(xb).squeeze(-1)
                loss = self.loss_fn(preds, yb)
                loss.backward()
                self.optimizer.step()
        return self

    def predict(self, X):
        with torch.no_grad():
            return self.model(torch.tensor(X, dtype=torch.float32)).reshape(-1).numpy()


rng = np.random.default_rng(7)
X_raw = rng.normal(size=(800, 6)) * np.array([1.0, 5.0, 0.5, 20.0, 2.0, 1.0])
y = X_raw @ np.array([0.5, -0.2, 1.5, 0.05, 0.3, 0.0]) + rng.normal(0.0, 0.1, size=800)
X = StandardScaler().fit_transform(X_raw)

torch.manual_seed(0)
regressor = TabularRegressor(X.shape[1]).fit(X, y)
pred = regressor.predict(X)
r2 = 1 - ((pred - y) ** 2).mean() / y.var()
print(f"RESULT r2={r2:.3f}")
