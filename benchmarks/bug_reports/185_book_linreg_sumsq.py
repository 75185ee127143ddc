# Rebuilt from: https://github.com/matroid/dlwithtf/issues/14
# Report: In the book's chapter-3 linear regression example the fitted line never reached the true
#   W=5, b=2 and the loss was hugely overestimated; the example was then read as "gradient descent
#   does not find the global minimum". The reader found y is shape (N,) while y_pred is (N,1), so
#   y - y_pred becomes (N,N); the authors confirmed the bug.
# Bug (planted: TL001): y is built as a flat (N,) tensor while y_pred = x @ W + b is (N,1); the
#   hand-written loss torch.sum((y - y_pred) ** 2) in the loop broadcasts to (N,N).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

N = 100
w_true, b_true = 5.0, 2.0
x_np = np.random.rand(N, 1).astype(np.float32)
noise = np.random.normal(scale=0.1, size=(N, 1)).astype(np.float32)
y_np = np.reshape(w_true * x_np + b_true + noise, (-1))

x = torch.from_numpy(x_np)
y = torch.from_numpy(y_np)

W = torch.randn(1, 1, requires_grad=True)
b = torch.randn(1, requires_grad=True)
learning_rate = 0.00005
n_steps = 6000

for step in range(n_steps):
    y_pred = x @ W + b
    l = torch.sum((y - y_pred) ** 2)
    l.backward()
    with torch.no_grad():
        W -= learning_rate * W.grad
        b -= learning_rate * b.grad
        W.grad.zero_()
        b.grad.zero_()
    if step % 2000 == 0:
        print(f"step {step}, loss: {l.item():.3f}")

print(f"W={W.item():.3f} b={b.item():.3f}")
with torch.no_grad():
    pred = (x @ W + b).reshape(-1)
    yt = torch.from_numpy(y_np)
    r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
