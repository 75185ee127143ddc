# Rebuilt from: https://github.com/addb-swstarlab/OANet/issues/4
# Report: a user asks why train.py scales the inputs with MinMaxScaler (DB knob settings) but the targets with
#   StandardScaler. The maintainers answer that the knob ranges differ greatly, so X is min-max scaled, and y is
#   standardized for the regression; that combination worked best.
# Not a bug (a look-alike that must stay silent): knob values span 1..1e6, but they ARE scaled (MinMaxScaler on X,
#   StandardScaler on y) before the tensors are built; different scalers for X and y are a legitimate choice.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

torch.manual_seed(1)
torch.set_num_threads(1)
rng = np.random.default_rng(1)

n = 500
buffer_pool_mb = rng.uniform(64, 65536, n)
max_connections = rng.integers(10, 5000, n).astype(float)
io_capacity = rng.uniform(100, 1e6, n)
flush_method = rng.integers(0, 3, n).astype(float)
X = np.stack([buffer_pool_mb, max_connections, io_capacity, flush_method], 1)
tps = 2000 * np.log1p(buffer_pool_mb / 1000) + 0.3 * max_connections - 400 * (flush_method == 2) \
    + 150 * np.sqrt(io_capacity / 1e4) + rng.normal(0, 60, n)

X_tr, X_te, y_tr, y_te = train_test_split(X, tps, test_size=0.2, random_state=0)
scaler_X = MinMaxScaler().fit(X_tr)
scaler_y = StandardScaler().fit(y_tr.reshape(-1, 1))
Xt = torch.tensor(scaler_X.transform(X_tr), dtype=torch.float32)
yt = torch.tensor(scaler_y.transform(y_tr.reshape(-1, 1)), dtype=torch.float32)

model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.MSELoss()
for epoch in range(300):
    opt.zero_grad()
    loss = criterion(model(Xt), yt)
    loss.backward()
    opt.step()
    if epoch % 100 == 0:
        print(epoch, loss.item())

with torch.no_grad():
    pred = model(Xt)
    r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
