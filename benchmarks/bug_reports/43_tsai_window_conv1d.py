# Rebuilt from: https://github.com/timeseriesAI/tsai/issues/22
# Report: preparing sliding-window data "as per the regression example", fit_one_cycle printed
#   "Using a target size (torch.Size([16])) that is different to the input size (torch.Size([16, 1]))"
#   and the reporter suspected the model was not training across epochs.
# Bug (planted: TL001): Learner.one_batch calls nn.SmoothL1Loss()(pred, yb) with pred (16, 1) from the
#   Conv1d head and yb (16,) from make_windows, so every prediction is scored against every target.
# Our own code, written after the report (not copied from it); a synthetic hourly load series replaces
#   the reporter's data, and a tiny fastai-like Learner replaces tsai.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
rng = np.random.default_rng(0)


def make_windows(series, window_len=48, horizon=1):
    X, y = [], []
    for i in range(len(series) - window_len - horizon + 1):
        X.append(series[i:i + window_len])
        y.append(series[i + window_len + horizon - 1])
    return np.array(X, dtype=np.float32)[:, None, :], np.array(y, dtype=np.float32)


hours = np.arange(1200)
load = 50 + 12 * np.sin(2 * np.pi * hours / 24) + 5 * np.sin(2 * np.pi * hours / 168) + rng.normal(0, 1.5, len(hours))
load = (load - load.mean()) / load.std()
X, y = make_windows(load)
dls = DataLoader(TensorDataset(torch.from_numpy(X), torch.from_numpy(y)), batch_size=16, shuffle=True)

model = nn.Sequential(
    nn.Conv1d(1, 16, 5, padding=2), nn.ReLU(),
    nn.Conv1d(16, 16, 5, padding=2), nn.ReLU(),
    nn.Flatten(), nn.Linear(16 * 48, 1),
)


class Learner:
    def __init__(self, dls, model, loss_func):
        self.dls, self.model, self.loss_func = dls, model, loss_func

    def one_batch(self, xb, yb):
        pred = self.model(xb)
        loss = self.loss_func(pred, yb)
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        self.sched.step()
        return loss.item()

    def fit_one_cycle(self, n_epoch, lr_max):
        self.opt = torch.optim.Adam(self.model.parameters(), lr=lr_max)
        self.sched = torch.optim.lr_scheduler.OneCycleLR(self.opt, max_lr=lr_max, total_steps=n_epoch * len(self.dls))
        for epoch in range(n_epoch):
            losses = [self.one_batch(xb, yb) for xb, yb in self.dls]
            print(f"epoch {epoch} train_loss {np.mean(losses):.4f}")


learn = Learner(dls, model, loss_func=nn.SmoothL1Loss())
learn.fit_one_cycle(5, 3e-3)

with torch.no_grad():
    pred = model(torch.from_numpy(X)).view(-1).numpy()
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
