# Rebuilt from: https://www.yumpu.com/en/document/view/65400849/deep-learning-with-pytorch/151
# Report: Deep Learning with PyTorch (ch. 5) fits t_c = w * t_u + b to readings of an unknown-unit thermometer
#   with a hand-written gradient-descent loop; with the raw readings (roughly 20-80) and learning_rate=1e-2 the
#   loss blows up to inf/nan, and only after rescaling the input (t_un = 0.1 * t_u) does the loop converge.
# Bug (planted: TL002): training_loop is fed the raw t_u readings; the gradient for w is ~50x the one for b and
#   the update overshoots on every step.
# Our own code, written after the report (not copied from it); the readings are generated here.
import torch

torch.manual_seed(0)

# Celsius from a reference thermometer, and the readings of the new one (it is really Fahrenheit + noise)
t_c = torch.empty(40).uniform_(-5.0, 30.0)
t_u = t_c * 9.0 / 5.0 + 32.0 + torch.randn(40) * 2.0


def model(t_u, w, b):
    return w * t_u + b


def loss_fn(t_p, t_c):
    squared_diffs = (t_p - t_c) ** 2
    return squared_diffs.mean()


def dloss_fn(t_p, t_c):
    return 2 * (t_p - t_c) / t_p.size(0)


def grad_fn(t_u, t_c, t_p, w, b):
    dloss_dtp = dloss_fn(t_p, t_c)
    dloss_dw = dloss_dtp * t_u
    dloss_db = dloss_dtp * 1.0
    return torch.stack([dloss_dw.sum(), dloss_db.sum()])


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for epoch in range(1, n_epochs + 1):
        w, b = params
        t_p = model(t_u, w, b)
        loss = loss_fn(t_p, t_c)
        grad = grad_fn(t_u, t_c, t_p, w, b)
        params = params - learning_rate * grad
        if epoch in (1, 2, 3, 10, 100, 1000, n_epochs):
            print(f"Epoch {epoch}, Loss {loss.item():f}")
    return params


t_in = t_u
params = training_loop(n_epochs=5000, learning_rate=1e-2, params=torch.tensor([1.0, 0.0]), t_u=t_in, t_c=t_c)
print("params", params)

t_p = model(t_in, *params)
r2 = 1 - ((t_p - t_c) ** 2).mean() / t_c.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
