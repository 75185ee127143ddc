# Rebuilt from: https://github.com/sktime/sktime/issues/10931
# Report: BaseDeepRegressorTorch yields targets of shape (batch_size,), but FCN/MLP/RNN/TapNet regressor
#   networks end in Linear(..., 1) and emit (batch_size, 1); fit() raises the broadcasting UserWarning and
#   _run_epoch's criterion turns (B, 1) vs (B,) into a (B, B) all-pairs matrix -> wrong training signal.
# Bug (planted: TL001): _run_epoch calls self._criterion(y_pred, outputs) with y_pred (B, 1) from the FCN
#   head and outputs (B,) from _build_dataloader, never reconciling the two shapes.
# Our own code, written after the report (not copied from it); synthetic 2-channel sensor series.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
rng = np.random.default_rng(0)


class _PanelDataset(Dataset):
    def __init__(self, X, y):
        self.X = torch.tensor(X, dtype=torch.float32)
        self.y = torch.tensor(y, dtype=torch.float32)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return {"X": self.X[i]}, self.y[i]


class _FCNNetwork(nn.Module):
    def __init__(self, in_channels, n_filters=(16, 32, 16)):
        super().__init__()
        blocks, c = [], in_channels
        for k, f in zip((7, 5, 3), n_filters):
            blocks += [nn.Conv1d(c, f, k, padding=k // 2), nn.BatchNorm1d(f), nn.ReLU()]
            c = f
        self.conv = nn.Sequential(*blocks)
        self.fc = nn.Linear(c, 1)

    def forward(self, X):
        return self.fc(self.conv(X).mean(dim=-1))


class BaseDeepRegressorTorch:
    def __init__(self, num_epochs=30, batch_size=16, lr=3e-3):
        self.num_epochs, self.batch_size, self.lr = num_epochs, batch_size, lr
        self._criterion = nn.MSELoss()

    def _build_dataloader(self, X, y, shuffle=True):
        return DataLoader(_PanelDataset(X, y), batch_size=self.batch_size, shuffle=shuffle)

    def _run_epoch(self, loader):
        self.network.train()
        total = 0.0
        for inputs, outputs in loader:
            self.optimizer.zero_grad()
            y_pred = self.network(**inputs)
            loss = self._criterion(y_pred, outputs)
            loss.backward()
            self.optimizer.step()
            total += loss.item()
        return total / len(loader)

    def fit(self, X, y):
        self.network = self._build_network(X.shape[1])
        self.optimizer = torch.optim.Adam(self.network.parameters(), lr=self.lr)
        loader = self._build_dataloader(X, y)
        for epoch in range(self.num_epochs):
            loss = self._run_epoch(loader)
            if epoch % 10 == 0:
                print(f"epoch {epoch} loss {loss:.4f}")
        return self

    @torch.no_grad()
    def predict(self, X):
        self.network.eval()
        return self.network(torch.tensor(X, dtype=torch.float32)).squeeze(-1).numpy()


class FCNRegressorTorch(BaseDeepRegressorTorch):
    def _build_network(self, in_channels):
        return _FCNNetwork(in_channels)


n, T = 320, 40
X = rng.normal(0, 1, (n, 2, T)).cumsum(axis=-1) * 0.3
y = 2.0 * X[:, 0, :].mean(axis=1) + (X[:, 1, :].max(axis=1) - X[:, 1, :].min(axis=1)) + rng.normal(0, 0.1, n)
y = (y - y.mean()) / y.std()

est = FCNRegressorTorch().fit(X, y)
pred = est.predict(X)
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
