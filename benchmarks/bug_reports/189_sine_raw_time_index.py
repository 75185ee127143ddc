# Rebuilt from: https://stackoverflow.com/questions/46995209/neural-network-toy-model-to-fit-sine-function-fails-whats-wrong
# Report: a graduate student fits a small feed-forward tanh network to a one-dimensional sine and gets
#   poor fits whatever the depth, activations, initialization, loss, batch size or sample count.
#   Comment and answer: the input runs from 0 to 1000 and tanh saturates for |x| > 3; scale it to
#   zero mean / unit variance, X = (X - X.mean()) / X.std().
# Bug (planted: TL002): the network is fed the raw sample index X = 0..999 (never standardized); every
#   first-layer tanh unit saturates and the fit stays near the mean.
# Our own code, written after the report (not copied from it); PyTorch instead of Keras.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(1)
rng = np.random.default_rng(1)

T = 1000
X = np.arange(T, dtype=np.float32).reshape(-1, 1)
Y = np.sin(X / 50.0) + 0.05 * rng.standard_normal((T, 1)).astype(np.float32)

x_t = torch.from_numpy(X)
y_t = torch.from_numpy(Y.astype(np.float32))

model = nn.Sequential(
    nn.Linear(1, 40), nn.Tanh(),
    nn.Linear(40, 40), nn.Tanh(),
    nn.Linear(40, 1),
)
loss_fn = nn.MSELoss()
opt = torch.optim.Adam(model.parameters(), lr=0.02)

batch_size = 500
for epoch in range(100):
    perm = torch.randperm(T)
    for i in range(0, T, batch_size):
        idx = perm[i:i + batch_size]
        opt.zero_grad()
        loss = loss_fn(model(x_t[idx]), y_t[idx])
        loss.backward()
        opt.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(x_t)
    r2 = 1 - ((pred - y_t) ** 2).mean() / y_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
