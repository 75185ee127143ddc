# Rebuilt from: https://github.com/ageron/handson-ml/issues/2
# Report: In the autoencoder chapter the "MSE" reconstruction loss of the PCA-like linear autoencoder
#   is written as a sum of squares (reduce_sum), not a mean; a reader flagged it as an MSE "bug".
# Not a bug (a look-alike that must stay silent): outputs and X have the same shape [N,3]; summing
#   instead of averaging only rescales the loss, so the optimum is the same (author: same parameters).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)


def make_3d_cloud(m=200, w1=0.1, w2=0.3, noise=0.1):
    angles = np.random.rand(m) * 3 * np.pi / 2 - 0.5
    data = np.empty((m, 3))
    data[:, 0] = np.cos(angles) + np.sin(angles) / 2 + noise * np.random.randn(m) / 2
    data[:, 1] = np.sin(angles) * 0.7 + noise * np.random.randn(m) / 2
    data[:, 2] = data[:, 0] * w1 + data[:, 1] * w2 + noise * np.random.randn(m)
    data = (data - data.mean(axis=0)) / data.std(axis=0)
    return data.astype(np.float32)


X = torch.from_numpy(make_3d_cloud())
n_inputs, n_hidden = 3, 2
hidden_layer = nn.Linear(n_inputs, n_hidden)
outputs_layer = nn.Linear(n_hidden, n_inputs)
params = list(hidden_layer.parameters()) + list(outputs_layer.parameters())
optimizer = torch.optim.Adam(params, lr=0.01)

for iteration in range(1000):
    outputs = outputs_layer(hidden_layer(X))
    reconstruction_loss = torch.sum(torch.square(outputs - X))   # "MSE"
    optimizer.zero_grad()
    reconstruction_loss.backward()
    optimizer.step()
    if iteration % 250 == 0:
        print(f"iter {iteration} loss {reconstruction_loss.item():.2f}")

with torch.no_grad():
    outputs = outputs_layer(hidden_layer(X))
    r2 = 1 - ((outputs - X) ** 2).mean() / X.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
