# Rebuilt from: https://stackoverflow.com/questions/55139417/find-fundamental-frequency-of-signal
# Report: 1000 recordings, each a vector of signal amplitudes (values like -0.48, 1.02, -1.57) with
#   its fundamental frequency as label (e.g. 75.88 Hz); a Conv1D/MaxPool/Dense(tanh) regressor with
#   MSE "doesn't want to train: accuracy ~ 0.0". Answers: accuracy is meaningless for a regression
#   (exact float equality), and FFT magnitudes could be tried as inputs.
# Not a bug (a look-alike that must stay silent): the raw amplitudes are fed without scaling, but they
#   already sit around unit variance; the "accuracy" printed below is the misleading metric, not a
#   training failure, and outputs (B, 1) are compared with targets (B, 1) (Hz labels z-scored for training).
# Our own code, written after the report (not copied from it); signals synthesized in the script.
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

np.random.seed(7)
torch.manual_seed(7)
torch.set_num_threads(1)

FS, LENGTH = 1000, 512


def load_data(n=480):
    t = np.arange(LENGTH) / FS
    f0 = np.random.uniform(50, 100, n)
    X = np.zeros((n, LENGTH))
    for i in range(n):
        for h in range(1, 4):
            X[i] += np.random.uniform(0.3, 1.0) / h * np.sin(2 * np.pi * h * f0[i] * t + np.random.rand() * 6)
        X[i] += 0.3 * np.random.randn(LENGTH)
    return X[:, None, :].astype(np.float32), f0.reshape(-1, 1).astype(np.float32)


X, y = load_data()
x_tr, x_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0)
x_tr, y_tr = torch.from_numpy(x_tr), torch.from_numpy(y_tr)
y_mean, y_std = y_tr.mean(), y_tr.std()  # labels in Hz, trained as z-scores
print("amplitude mean/std:", x_tr.mean().item(), x_tr.std().item())

model = nn.Sequential(
    nn.Conv1d(1, 16, kernel_size=9), nn.Tanh(), nn.MaxPool1d(4),
    nn.Conv1d(16, 16, kernel_size=9), nn.Tanh(), nn.MaxPool1d(4),
    nn.Conv1d(16, 16, kernel_size=9), nn.Tanh(), nn.MaxPool1d(4),
    nn.Flatten(),
    nn.Linear(16 * 5, 100), nn.Tanh(),
    nn.Linear(100, 50), nn.Tanh(),
    nn.Linear(50, 1),
)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.MSELoss()

for epoch in range(20):
    perm = torch.randperm(len(x_tr))
    for i in range(0, len(x_tr), 32):
        idx = perm[i:i + 32]
        opt.zero_grad()
        pred = model(x_tr[idx])
        loss = loss_fn(pred, (y_tr[idx] - y_mean) / y_std)
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        with torch.no_grad():
            p = model(x_tr) * y_std + y_mean
            accuracy = (p == y_tr).float().mean().item()  # what Keras' "accuracy" effectively reports
        print(f"epoch {epoch}: mse {loss_fn(p, y_tr).item():.3f}  'accuracy' {accuracy:.3f}")

with torch.no_grad():
    p = model(x_tr) * y_std + y_mean
    r2 = 1 - torch.mean((p - y_tr) ** 2) / torch.var(y_tr, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
