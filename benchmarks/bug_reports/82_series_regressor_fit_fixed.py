# Rebuilt from: https://github.com/sktime/sktime/issues/10931
# Report: a torch deep regressor base class yields targets of shape (batch,), but the MLP/FCN
#   networks end in Linear(..., 1) and emit (batch, 1). fit() raises the "Using a target size"
#   UserWarning and training gets a wrong signal (mean over B*B all-pairs residuals).
# Fixed twin of 82_series_regressor_fit.py: _run_epoch squeezes the trailing singleton off y_pred
#   (guarded: y_pred (B, 1) and outputs (B,)) before calling the criterion.
# Our own code, written after the report (not copied from it); data: synthetic panel series made in make_panel()
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
np.random.seed(0)

def make_panel(n=400, n_channels=2, length=24, seed=0):
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, length)
    amp, level = rng.uniform(0.5, 2.0, n), rng.normal(0.0, 1.0, n)
    X = np.empty((n, n_channels, length), dtype=np.float32)
    X[:, 0] = level[:, None] + 0.2 * rng.normal(size=(n, length))
    X[:, 1] = amp[:, None] * np.sin(2 * np.pi * 3 * t)[None] + 0.2 * rng.normal(size=(n, length))
    y = (1.5 * level + 2.0 * amp + 0.1 * rng.normal(size=n)).astype(np.float32)
    return X, y

class PanelDataset(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return {"X": torch.from_numpy(self.X[i])}, torch.tensor(self.y[i])

class MLPNetwork(nn.Module):
    def __init__(self, n_channels, length, hidden=64):
        super().__init__()
        self.body = nn.Sequential(nn.Flatten(), nn.Linear(n_channels * length, hidden), nn.ReLU(),
                                  nn.Linear(hidden, hidden), nn.ReLU())
        self.head = nn.Linear(hidden, 1)

    def forward(self, X):
        return self.head(self.body(X))

class BaseDeepRegressor:
    def __init__(self, num_epochs=40, batch_size=16, lr=1e-3, random_state=0):
        self.num_epochs, self.batch_size, self.lr, self.random_state = num_epochs, batch_size, lr, random_state

    def _build_dataloader(self, X, y, shuffle=True):
        return DataLoader(PanelDataset(X, y), batch_size=self.batch_size, shuffle=shuffle)

    def _run_epoch(self, dataloader):
        self.network.train()
        total = 0.0
        for inputs, outputs in dataloader:
            self._optimizer.zero_grad()
            y_pred = self.network(**inputs)
            if y_pred.ndim == 2 and y_pred.shape[1] == 1 and outputs.ndim == 1:
                y_pred = y_pred.squeeze(-1)
            loss = self._criterion(y_pred, outputs)
            loss.backward()
            self._optimizer.step()
            total += loss.item()
        return total / len(dataloader)

    def fit(self, X, y):
        torch.manual_seed(self.random_state)
        self.network = MLPNetwork(X.shape[1], X.shape[2])
        self._criterion = nn.MSELoss()
        self._optimizer = torch.optim.Adam(self.network.parameters(), lr=self.lr)
        dl = self._build_dataloader(X, y)
        for epoch in range(self.num_epochs):
            loss = self._run_epoch(dl)
            if epoch % 10 == 0:
                print(f"epoch {epoch:3d}  loss {loss:.4f}")
        return self

    def _predict(self, X):
        self.network.eval()
        with torch.no_grad():
            return self.network(X=torch.from_numpy(X)).squeeze(-1).numpy()

X, y = make_panel()
pred = BaseDeepRegressor().fit(X, y)._predict(X)
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
