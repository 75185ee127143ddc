# Rebuilt from: https://github.com/dvgodoy/PyTorchStepByStep/issues/21
# Report: A reader of chapter 1 asked whether the error should be yhat - y rather than y - yhat in the
#   gradient-descent-with-autograd example; the author showed both give the same gradients after backward().
# Not a bug (a look-alike that must stay silent): b and w are (1,) parameters broadcast against the (N, 1)
#   x_train_tensor, so yhat is (N, 1) like y_train_tensor; the loss compares matching shapes and trains fine.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch

np.random.seed(42)
true_b, true_w, N = 1, 2, 100
x = np.random.rand(N, 1)
epsilon = 0.1 * np.random.randn(N, 1)
y = true_b + true_w * x + epsilon

idx = np.arange(N)
np.random.shuffle(idx)
train_idx = idx[:int(N * .8)]
x_train, y_train = x[train_idx], y[train_idx]

device = "cpu"
x_train_tensor = torch.as_tensor(x_train).float().to(device)
y_train_tensor = torch.as_tensor(y_train).float().to(device)

lr = 0.1
torch.manual_seed(42)
b = torch.randn(1, requires_grad=True, dtype=torch.float, device=device)
w = torch.randn(1, requires_grad=True, dtype=torch.float, device=device)

n_epochs = 1000
for epoch in range(n_epochs):
    yhat = b + w * x_train_tensor
    error = yhat - y_train_tensor
    loss = (error ** 2).mean()
    loss.backward()
    with torch.no_grad():
        b -= lr * b.grad
        w -= lr * w.grad
    b.grad.zero_()
    w.grad.zero_()

print(b, w)
with torch.no_grad():
    pred = b + w * x_train_tensor
    r2 = 1 - ((pred - y_train_tensor) ** 2).mean() / y_train_tensor.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
