# Rebuilt from: https://github.com/chenyuntc/pytorch-book/issues/138
# Report: The book's autograd linear-regression exercise (x = rand * 20, y = 2x + 3..6) gave w and b = nan when
#   the loss was 0.5 * (y_pred - y) ** 2 summed; the reporter then switched to t.mean((y_pred - y) ** 2) and it
#   converged.
# Not a bug (a look-alike that must stay silent): x is left raw in [0, 20] and y_pred, y are both (size, 1); with
#   the mean loss and lr=0.001 plain gradient descent converges; the raw input needs no normalization here.
# Our own code, written after the report (not copied from it)
import torch as t

t.manual_seed(1000)


def get_x_y(size=30):
    x = t.rand(size, 1) * 20
    y = x * 2 + (1 + t.rand(size, 1)) * 3
    return x, y


w = t.rand(1, 1, requires_grad=True)
b = t.zeros(1, 1, requires_grad=True)
lr = 0.001

for step in range(3000):
    x, y = get_x_y()
    y_pred = x.mm(w) + b.expand_as(y)
    loss = t.mean((y_pred - y) ** 2)
    loss.backward()
    w.data.sub_(lr * w.grad.data)
    b.data.sub_(lr * b.grad.data)
    w.grad.data.zero_()
    b.grad.data.zero_()
    if step % 500 == 0:
        print(step, loss.item())

print("w", w.item(), "b", b.item())
x, y = get_x_y(500)
with t.no_grad():
    pred = x.mm(w) + b
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
