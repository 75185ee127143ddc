# Rebuilt from: https://stats.stackexchange.com/questions/594738/loss-is-growing-between-epochs-in-simple-model
# Report: predicting the future of y = x^3 + x^2 + x (x from -10 to 10) from its past values with a
#   hand-made weight matrix trained by "weights -= weights.grad * lr" and MSELoss(reduction='sum');
#   the printed loss grows every step (1e9, 1e11, ... 1e28) instead of converging.
# Fixed twin of 138_handwritten_gd_cubic.py: the series is scaled to [-1, 1] (divided by its max
#   absolute value) before get_params()/get_trgts(); the loop and lr are unchanged.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch

torch.manual_seed(0)
np.random.seed(0)

x = np.linspace(-10, 10, 400)
y = x ** 3 + x ** 2 + x
y = y / np.abs(y).max()
WINDOW = 20
loss_fn = torch.nn.MSELoss(reduction="sum")


def get_params(series, window):
    return torch.tensor(np.stack([series[i:i + window] for i in range(len(series) - window)]))


def get_trgts(series, window):
    return torch.tensor(series[window:]).unsqueeze(1)


def get_weights(i, o):
    return torch.tensor(np.random.normal(0, 0.1, (i, o))).requires_grad_()


params = get_params(y, WINDOW)
trgts = get_trgts(y, WINDOW)
weights = get_weights(WINDOW, 1)
bias = get_weights(1, 1)
lr = 1e-4


def apply_step(weights, bias, prn=False):
    preds = params @ weights + bias
    loss = loss_fn(preds, trgts)
    loss.backward()
    with torch.no_grad():
        weights -= weights.grad * lr
        bias -= bias.grad * lr
        weights.grad.zero_()
        bias.grad.zero_()
    if prn:
        print(loss.item())
    return preds


for i in range(300):
    apply_step(weights, bias, prn=(i % 50 == 0))

with torch.no_grad():
    preds = params @ weights + bias
    r2 = 1 - torch.mean((preds - trgts) ** 2) / torch.var(trgts, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
