# Rebuilt from: https://stats.stackexchange.com/questions/320289/approximate-the-sine-function-with-shallow-neural-network
# Report: a hand-written 1-128-1 tanh network (weights as plain tensors, x.mm(W), no biases) trained
#   on 4000 noisy samples of y = sin(x)/2.5 with x = rand*10 - 1 and the loss sum((y_pred - y)^2)
#   shows extra wiggles near the start of the range and a very jumpy loss curve.
# Not a bug (a look-alike that must stay silent): x spans only [-1, 9] (O(1), no rescaling needed for
#   tanh at this width), and x, y and y_pred are all (m, 1), so the hand-written squared error is a
#   plain per-sample sum; whatever causes the wiggles, it is neither input scale nor a shape mismatch.
# Our own code, written after the report (not copied from it); fewer samples and iterations.
import numpy as np
import torch

torch.manual_seed(0)
rng = np.random.default_rng(0)

layer_size = 1, 128, 1
layer_functions = ["tanh", "tanh"]
m_x = 1000
x_raw = rng.random((m_x, layer_size[0])) * 10 - 1
y_raw = np.sin(x_raw) / 2.5 + rng.standard_normal((m_x, layer_size[-1])) / 20

x = torch.from_numpy(x_raw).float()
y = torch.from_numpy(y_raw).float()

layer_weights = []
for i in range(len(layer_size) - 1):
    w = torch.randn(layer_size[i], layer_size[i + 1]) / np.sqrt(layer_size[i])
    layer_weights.append(w.requires_grad_(True))


def forward_step(x, weights, activation):
    fn = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation]
    return fn(x.mm(weights))


learning_rate = 1e-5
for t in range(1000):
    y_pred = x
    for w, act in zip(layer_weights, layer_functions):
        y_pred = forward_step(y_pred, w, act)
    loss = (y_pred - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        for w in layer_weights:
            w -= learning_rate * w.grad
            w.grad.zero_()
    if t % 200 == 0:
        print(t, loss.item())

with torch.no_grad():
    y_pred = x
    for w, act in zip(layer_weights, layer_functions):
        y_pred = forward_step(y_pred, w, act)
    r2 = 1 - ((y_pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
