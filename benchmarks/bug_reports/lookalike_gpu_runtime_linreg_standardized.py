# Rebuilt from: https://github.com/Smadx/USTC-ML24-Fall/issues/47
# Report: In lab 1 of a university ML course (linear regression of SGEMM GPU kernel Run_time from 14 kernel
#   parameters, hand-written LinearRegression / MSELoss.backward / SGD with lr decay), a student saw the loss
#   decrease slowly on raw features but stop decreasing at all after normalizing the features; the TA answered
#   that the learning rate was simply too small (the default lr=2e-9 was sized for the raw feature scale).
# Not a bug (a look-alike that must stay silent): the 14 feature columns are standardized with training
#   statistics inside data_preprocessing_regression() before they reach the model, Run_time is averaged and
#   log-transformed, targets are kept as (batch, 1) like the (batch, 1) predictions, and the learning rate is
#   set for standardized inputs, so the model trains normally.
# Our own code, written after the report (not copied from it)
from dataclasses import dataclass

import numpy as np
import torch

torch.set_num_threads(1)

FEATURES = ["MWG", "NWG", "KWG", "MDIMC", "NDIMC", "MDIMA", "NDIMB", "KWI",
            "VWM", "VWN", "STRM", "STRN", "SA", "SB"]


def make_sgemm_table(n_rows, seed=7):
    """Synthetic stand-in for the SGEMM GPU kernel performance table (dict of columns)."""
    rng = np.random.default_rng(seed)
    t = {
        "MWG": rng.choice([16, 32, 64, 128], n_rows), "NWG": rng.choice([16, 32, 64, 128], n_rows),
        "KWG": rng.choice([16, 32], n_rows), "MDIMC": rng.choice([8, 16, 32], n_rows),
        "NDIMC": rng.choice([8, 16, 32], n_rows), "MDIMA": rng.choice([8, 16, 32], n_rows),
        "NDIMB": rng.choice([8, 16, 32], n_rows), "KWI": rng.choice([2, 8], n_rows),
        "VWM": rng.choice([1, 2, 4, 8], n_rows), "VWN": rng.choice([1, 2, 4, 8], n_rows),
        "STRM": rng.integers(0, 2, n_rows), "STRN": rng.integers(0, 2, n_rows),
        "SA": rng.integers(0, 2, n_rows), "SB": rng.integers(0, 2, n_rows),
    }
    log_rt = (3.0 + 0.35 * np.log2(t["MWG"]) + 0.30 * np.log2(t["NWG"]) - 0.25 * np.log2(t["MDIMC"])
              - 0.22 * np.log2(t["NDIMC"]) - 0.12 * np.log2(t["VWM"]) - 0.10 * np.log2(t["VWN"])
              + 0.15 * t["SA"] + 0.12 * t["SB"] - 0.05 * t["STRM"] + 0.04 * np.log2(t["KWI"])
              + 0.05 * np.log2(t["MWG"]) * np.log2(t["NWG"]) / 4.0)
    for k in range(1, 5):
        t[f"Run{k} (ms)"] = np.exp(log_rt + rng.normal(0, 0.25, n_rows))
    return t


@dataclass
class TrainConfigR:
    task: str = "Regression"
    batch_size: int = 1024
    shuffle: bool = True
    in_features: int = 14
    out_features: int = 1
    lr: float = 0.05
    lr_decay: float = 0.99
    decay_every: int = 10
    epochs: int = 20
    seed: int = 123


class Parameter:
    def __init__(self, data):
        self.data = data


class BaseModel:
    def __init__(self):
        self._params = {}

    def register(self, name, value):
        self._params[name] = Parameter(value)

    def parameters(self):
        return self._params

    def __call__(self, x):
        return self.predict(x)


class DataLoader:
    def __init__(self, x, y, batch_size, shuffle):
        self.x, self.y = x, y
        self.batch_size, self.shuffle = batch_size, shuffle
        self.dataset = x

    def __len__(self):
        return (len(self.x) + self.batch_size - 1) // self.batch_size

    def __iter__(self):
        idx = torch.randperm(len(self.x)) if self.shuffle else torch.arange(len(self.x))
        for s in range(0, len(idx), self.batch_size):
            b = idx[s:s + self.batch_size]
            yield self.x[b], self.y[b]


class SGD:
    def __init__(self, params, lr, lr_decay=1.0, decay_every=10):
        self.params, self.lr, self.lr_decay, self.decay_every = params, lr, lr_decay, decay_every
        self.t = 0

    def step(self, grads):
        for name, g in grads.items():
            self.params[name].data -= self.lr * g
        self.t += 1
        if self.t % self.decay_every == 0:
            self.lr *= self.lr_decay


def data_preprocessing_regression(table, train_frac=0.8, seed=0):
    runs = np.stack([table[f"Run{k} (ms)"] for k in range(1, 5)], axis=1)
    run_time = np.log(runs.mean(axis=1))
    feats = np.stack([np.asarray(table[c], dtype=np.float64) for c in FEATURES], axis=1)
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(feats))
    n_tr = int(train_frac * len(feats))
    tr, te = perm[:n_tr], perm[n_tr:]
    mu, sd = feats[tr].mean(axis=0), feats[tr].std(axis=0)
    feats = (feats - mu) / sd
    x = torch.tensor(feats, dtype=torch.float32)
    y = torch.tensor(run_time, dtype=torch.float32).reshape(-1, 1)
    return (x[tr], y[tr]), (x[te], y[te])


class LinearRegression(BaseModel):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.register("W", torch.randn(in_features, out_features) * 0.01)
        self.register("b", torch.zeros(out_features))

    def predict(self, x):
        p = self.parameters()
        return x @ p["W"].data + p["b"].data


class MSELoss:
    def __call__(self, y_pred, y_true):
        assert y_pred.shape == y_true.shape
        return ((y_pred - y_true) ** 2).mean()

    def backward(self, x, y_pred, y_true):
        n = y_true.shape[0]
        diff = 2.0 * (y_pred - y_true) / n
        return {"W": x.T @ diff, "b": diff.sum(dim=0)}


class TrainerR:
    def __init__(self, model, train_loader, loss, optimizer, config):
        self.model, self.train_loader, self.criterion, self.opt, self.cfg = model, train_loader, loss, optimizer, config
        self.step = 0
        self.train_num_steps = len(self.train_loader) * self.cfg.epochs

    def train(self):
        loss_list = []
        while self.step < self.train_num_steps:
            for x, y in self.train_loader:
                y_pred = self.model(x)
                loss = self.criterion(y_pred, y)
                loss_list.append(loss.item())
                grads = self.criterion.backward(x, y_pred, y)
                self.opt.step(grads)
                self.step += 1
                if self.step % 50 == 0:
                    print(f"step {self.step}: loss {loss.item():.4f}")
                if self.step >= self.train_num_steps:
                    break
        return loss_list


def eval_LinearRegression(model, x, y):
    pred = model(x)
    mse = ((pred - y) ** 2).mean().item()
    r2 = 1.0 - mse / ((y - y.mean()) ** 2).mean().item()
    relative_error = ((pred - y).abs() / y.abs()).mean().item()
    return pred.mean().item(), relative_error, r2


cfg = TrainConfigR()
np.random.seed(cfg.seed)
torch.manual_seed(cfg.seed)
(x_tr, y_tr), (x_te, y_te) = data_preprocessing_regression(make_sgemm_table(12000))
trainloader = DataLoader(x_tr, y_tr, cfg.batch_size, cfg.shuffle)
model = LinearRegression(cfg.in_features, cfg.out_features)
TrainerR(model=model, train_loader=trainloader, loss=MSELoss(),
         optimizer=SGD(model.parameters(), lr=cfg.lr, lr_decay=cfg.lr_decay, decay_every=cfg.decay_every),
         config=cfg).train()
mu_pred, rel_err, r2 = eval_LinearRegression(model, x_te, y_te)
print(f"mean predicted log Run_time {mu_pred:.3f}, relative error {rel_err:.4f}")
print(f"RESULT r2={r2:.4f}")
