# Rebuilt from: https://github.com/aiboxlab/nlp/issues/97
# Report: running the estimator unit tests, LSTMRegressor prints "Using a target size (torch.Size([3]))
#   that is different to the input size (torch.Size([3, 1]))"; the last Linear layer outputs
#   (batch_size, 1) while the targets handed to MSELoss are (batch_size,).
# Fixed twin of 02_essay_lstm_regressor.py: fit() reshapes the regression targets to (N, 1) (the fix the
#   maintainers describe) so targets match the (B, 1) outputs.
# Our own code, written after the report (not copied from it); synthetic essays = variable-length
#   sequences of per-sentence feature vectors, score in [0, 10].
import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pad_sequence

torch.manual_seed(0)
rng = np.random.default_rng(0)


class _LastStep(nn.Module):
    def forward(self, x):
        out, _ = x
        return out[:, -1, :]


class LSTMEstimator:
    def __init__(self, hidden_size=32, kind="regressor", epochs=20, learning_rate=1e-2, train_batch_size=64):
        self._hidden = hidden_size
        self._kind = kind
        self._epochs = epochs
        self._lr = learning_rate
        self._batch_size = train_batch_size
        self._criterion = nn.CrossEntropyLoss() if kind == "classifier" else nn.MSELoss()
        self._model = None

    def _padded(self, X):
        return pad_sequence([torch.tensor(x, dtype=torch.float32) for x in X], batch_first=True)

    def fit(self, X, y):
        X = self._padded(X)
        y = torch.tensor(y, dtype=torch.float32)
        if self._kind == "regressor":
            y = y.view(-1, 1)
        out = 1 if self._kind == "regressor" else int(y.unique().numel())
        self._model = nn.Sequential(nn.LSTM(X.size(2), self._hidden, batch_first=True), _LastStep(),
                                    nn.Linear(self._hidden, out))
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y),
                                             batch_size=self._batch_size, shuffle=True)
        optim = torch.optim.AdamW(self._model.parameters(), lr=self._lr)
        for _ in range(self._epochs):
            for inputs, targets in loader:
                optim.zero_grad()
                outputs = self._model(inputs)
                loss = self._criterion(outputs, targets)
                loss.backward()
                optim.step()
        return self

    @torch.no_grad()
    def predict(self, X):
        return self._model(self._padded(X)).numpy()


def make_essays(n, n_feats=4):
    X, y = [], []
    for _ in range(n):
        length = rng.integers(4, 10)
        sents = rng.normal(0, 1, (length, n_feats)).astype(np.float32)
        sents = np.vstack([np.zeros((10 - length, n_feats), np.float32), sents])  # left-pad with blank sentences
        X.append(sents)
        y.append(5 + 2.0 * sents[:, 0].sum() / 3 + sents[-1, 1] + rng.normal(0, 0.3))
    return X, np.clip(np.array(y, dtype=np.float32), 0, 10)


X, y = make_essays(320)
est = LSTMEstimator().fit(X, y)
pred = est.predict(X).reshape(-1)
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"pred std {pred.std():.3f} vs target std {y.std():.3f}")
print(f"RESULT r2={r2:.3f}")
