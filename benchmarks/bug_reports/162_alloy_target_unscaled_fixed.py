# Rebuilt from: https://github.com/uw-cmg/MAST-ML/issues/72
# Report: "Feature normalization must also normalize y_feature" - a user's neural-network fit on materials data
#   (normalized x features, raw y) did not work; normalizing the y feature as well appeared to fix the problem.
# Fixed twin of 162_alloy_target_unscaled.py: the y feature gets its own FeatureNormalizer, and predictions are
#   mapped back to meV with its inverse before computing r2.
# Our own code, written after the report (not copied from it); data: alloys.csv from make_alloys.py
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)

raw = np.loadtxt("alloys.csv", delimiter=",", skiprows=1, dtype=np.float32)
X, y = raw[:, :-1], raw[:, -1:]


class FeatureNormalizer:
    def fit(self, a):
        self.mean, self.std = a.mean(axis=0), a.std(axis=0)
        return self

    def transform(self, a):
        return (a - self.mean) / self.std

    def inverse(self, a):
        return a * self.std + self.mean


class Trainer:
    def __init__(self, n_in, lr=1e-3):
        self.model = nn.Sequential(nn.Linear(n_in, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))
        self.opt = torch.optim.Adam(self.model.parameters(), lr=lr)
        self.crit = nn.MSELoss()

    def fit(self, X, y, epochs=400):
        X, y = torch.from_numpy(X), torch.from_numpy(y)
        for ep in range(epochs):
            self.opt.zero_grad()
            loss = self.crit(self.model(X), y)
            loss.backward()
            self.opt.step()
            if ep % 100 == 0:
                print(f"epoch {ep}: mse {loss.item():.4g}")
        return self

    def predict(self, X):
        with torch.no_grad():
            return self.model(torch.from_numpy(X)).numpy()


x_norm = FeatureNormalizer().fit(X)
Xn = x_norm.transform(X)
y_norm = FeatureNormalizer().fit(y)
yn = y_norm.transform(y)

trainer = Trainer(Xn.shape[1]).fit(Xn, yn)
pred = y_norm.inverse(trainer.predict(Xn))
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
