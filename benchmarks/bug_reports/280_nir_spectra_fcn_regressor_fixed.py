# Rebuilt from: https://github.com/sktime/sktime/issues/10931
# Report: BaseDeepRegressorTorch yields targets of shape (batch_size,) but FCN/MLP/RNN/TapNet torch regressors end in
#   Linear(..., 1) and emit (batch_size, 1). In _run_epoch, criterion(y_pred, outputs) broadcasts (B, 1) against (B,)
#   into a (B, B) all-pairs matrix: wrong training signal, fit() raises the UserWarning.
# Fixed twin of 280_nir_spectra_fcn_regressor.py: _run_epoch squeezes the trailing singleton off y_pred (B, 1) -> (B,)
#   before calling the criterion, as in the fix PR.
# Our own code, written after the report (not copied from it); NIR spectra (absorbance vs wavelength) are simulated.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)


def simulate_nir(n=300, n_wl=100):
    """Absorbance spectra 1100-2500 nm of milk powder samples; target = fat content (%)."""
    wl = np.linspace(1100, 2500, n_wl)
    protein = rng.normal(25.0, 2.0, n)
    moisture = rng.normal(11.0, 1.5, n)
    fat = rng.normal(3.5, 1.0, n)
    peak = lambda c, w: np.exp(-0.5 * ((wl - c) / w) ** 2)
    X = (0.012 * protein[:, None] * peak(2180, 40) + 0.010 * protein[:, None] * peak(1510, 30)
         + 0.045 * moisture[:, None] * peak(1940, 35) + 0.120 * fat[:, None] * peak(1725, 25) + 0.080 * fat[:, None] * peak(2310, 30)
         + rng.normal(0.35, 0.05, (n, 1)) + rng.normal(0, 1e-4, (n, 1)) * (wl - 1800)
         + rng.normal(0, 0.004, (n, n_wl)))
    X = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)   # SNV, usual NIR pretreatment
    return X[:, None, :].astype(np.float32), fat.astype(np.float32)   # X: (n, 1 channel, n_wl)


class _TsRegDataset(Dataset):
    def __init__(self, X, y):
        self.X, self.y = torch.from_numpy(X), torch.from_numpy(y)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return {"X": self.X[i]}, self.y[i]           # target is a 0-d tensor -> batched to (B,)


class FCNNetworkTorch(nn.Module):
    def __init__(self, in_channels=1, n_filters=(32, 64, 32), kernels=(7, 5, 3)):
        super().__init__()
        layers, c = [], in_channels
        for f, k in zip(n_filters, kernels):
            layers += [nn.Conv1d(c, f, k, padding=k // 2), nn.ReLU()]
            c = f
        self.conv = nn.Sequential(*layers)
        self.fc = nn.Linear(c, 1)

    def forward(self, X):
        return self.fc(self.conv(X).mean(dim=-1))    # (B, 1)


class BaseDeepRegressorTorch:
    def __init__(self, network, num_epochs=30, batch_size=32, lr=0.01, random_state=0):
        self.network, self.num_epochs, self.batch_size, self.lr = network, num_epochs, batch_size, lr
        self._criterion = nn.MSELoss()
        torch.manual_seed(random_state)

    def _build_dataloader(self, X, y, shuffle=True):
        return DataLoader(_TsRegDataset(X, y), batch_size=self.batch_size, shuffle=shuffle)

    def _run_epoch(self, dataloader):
        self.network.train()
        losses = []
        for inputs, outputs in dataloader:
            self._optimizer.zero_grad()
            y_pred = self.network(**inputs)
            if y_pred.ndim == 2 and y_pred.shape[1] == 1 and outputs.ndim == 1:
                y_pred = y_pred.squeeze(-1)
            loss = self._criterion(y_pred, outputs)
            loss.backward()
            self._optimizer.step()
            losses.append(loss.item())
        return float(np.mean(losses))

    def fit(self, X, y):
        self._optimizer = torch.optim.Adam(self.network.parameters(), lr=self.lr)
        dl = self._build_dataloader(X, y)
        for epoch in range(self.num_epochs):
            loss = self._run_epoch(dl)
            if epoch % 10 == 0:
                print(f"epoch {epoch:3d}  loss {loss:.4f}")
        return self

    def predict(self, X):
        self.network.eval()
        with torch.no_grad():
            return self.network(torch.from_numpy(X)).squeeze(-1).numpy()


X, y = simulate_nir()
est = BaseDeepRegressorTorch(FCNNetworkTorch(), num_epochs=40, batch_size=32, lr=0.01)
est.fit(X, y)
y_hat = est.predict(X)
r2 = 1 - np.mean((y_hat - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
