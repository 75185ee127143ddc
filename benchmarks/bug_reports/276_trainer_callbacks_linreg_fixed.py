# Rebuilt from: https://github.com/matroid/dlwithtf/pull/17
# Report: The book example "toy linear regression" (y = 5x + 2 + noise, x of shape (N, 1), y reshaped
#   to (N,)) trained but fitted the wrong line; the merged fix wraps the prediction in tf.squeeze
#   inside the sum-of-squares loss. (The original is TensorFlow; this rebuild uses PyTorch.)
# Fixed twin of 276_trainer_callbacks_linreg.py: the loss squeezes the prediction, ((y - y_pred.squeeze(1)) ** 2).sum(),
#   so both operands are (N,) (the same change as the tf.squeeze fix).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
from torch import nn

np.random.seed(456)
torch.manual_seed(456)
torch.set_num_threads(1)


def make_toy_data(n=100, w_true=5.0, b_true=2.0, noise_scale=0.1):
    x = np.random.rand(n, 1)
    noise = np.random.normal(scale=noise_scale, size=(n, 1))
    y = np.reshape(w_true * x + b_true + noise, (-1))      # y has shape (N,)
    return torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)


class Callback:
    def on_step_end(self, trainer, step, loss):
        pass


class LossPrinter(Callback):
    def __init__(self, every=1000):
        self.every = every

    def on_step_end(self, trainer, step, loss):
        if step % self.every == 0:
            print("step %d, loss: %f" % (step, loss))


class EarlyStop(Callback):
    def __init__(self, tol=1e-7, patience=200):
        self.best, self.tol, self.patience, self.wait = float("inf"), tol, patience, 0

    def on_step_end(self, trainer, step, loss):
        if loss < self.best - self.tol:
            self.best, self.wait = loss, 0
        else:
            self.wait += 1
            if self.wait > self.patience:
                trainer.stop = True


class Trainer:
    def __init__(self, model, lr=1e-3, callbacks=()):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        self.callbacks = list(callbacks)
        self.stop = False

    def train_step(self, x, y):
        self.opt.zero_grad()
        y_pred = self.model(x)                     # (N, 1)
        loss = ((y - y_pred.squeeze(1)) ** 2).sum()         # sum of squared errors, as in the book
        loss.backward()
        self.opt.step()
        return loss.item()

    def fit(self, x, y, n_steps=8000):
        for step in range(n_steps):
            loss = self.train_step(x, y)
            for cb in self.callbacks:
                cb.on_step_end(self, step, loss)
            if self.stop:
                break
        return self


x, y = make_toy_data()
model = nn.Linear(1, 1)
Trainer(model, lr=1e-2, callbacks=[LossPrinter(), EarlyStop()]).fit(x, y, n_steps=4000)
w_final, b_final = model.weight.item(), model.bias.item()
print("learned w=%.3f b=%.3f (true 5, 2)" % (w_final, b_final))

with torch.no_grad():
    y_pred_np = model(x).reshape(-1)
    r2 = 1 - ((y_pred_np - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
