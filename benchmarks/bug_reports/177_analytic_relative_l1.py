# Rebuilt from: https://datascience.stackexchange.com/questions/124637/neural-net-not-able-to-learn-simple-analytical-equation
# Report: first PyTorch attempt at learning y = x5/x2 - (x1-x2)/(2*x3*x4) * x2/x1 from random x1..x5
#   (x1 in 500..1000, x3 in the thousands, x4 around 1e-4); losses stay around 0.5 and bounce to ~4
#   whatever architecture / lr. Loss was written by hand as a "normalized" relative L1 against zeros(batch_size).
# Bug (planted: TL001): y_est is (B,1) but the physics terms built from x[:, i] are (B,); the sum in the
#   hand-written relative loss broadcasts to (B,B) and is compared with zeros(B) (F.l1_loss warns).
# Our own code, written after the report (not copied from it); input ranges narrowed so the target stays finite
import random
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(0)
np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

LOW = torch.tensor([500.0, 100.0, 1000.0, 1e-4, 1000.0])
HIGH = torch.tensor([1000.0, 1000.0, 50000.0, 1e-3, 50000.0])


def get_batch(batch_size=64):
    batch_x = []
    for _ in range(batch_size):
        x_1 = random.uniform(500, 1000)
        x_2 = random.uniform(100, x_1 - 1)
        x_3 = random.uniform(1000, 50000)
        x_4 = random.uniform(1e-4, 1e-3)
        x_5 = np.random.randint(1000, 50000)
        batch_x.append([x_1, x_2, x_3, x_4, x_5])
    return torch.FloatTensor(batch_x)


def target(x):
    x_1, x_2, x_3, x_4, x_5 = x.unbind(1)
    return x_5 / x_2 - (x_1 - x_2) / (2 * x_3 * x_4) * x_2 / x_1


def build_model(n_input=5, n_output=1, n_hidden=64):
    return nn.Sequential(nn.Linear(n_input, n_hidden), nn.Tanh(),
                         nn.Linear(n_hidden, n_hidden), nn.Tanh(),
                         nn.Linear(n_hidden, n_output))


def relative_loss(y_est, x):
    x_1, x_2, x_3, x_4, x_5 = x.unbind(1)
    ref = x_5 / x_2
    resid = (y_est + (x_1 - x_2) / (2 * x_3 * x_4) * x_2 / x_1 - ref) / ref
    return F.l1_loss(resid, torch.FloatTensor(np.zeros(x.shape[0])))


def scale(x):
    return (x - LOW) / (HIGH - LOW)   # min-max with the sampling bounds


model = build_model()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for it in range(2000):
    xb = get_batch(64)
    y_est = model(scale(xb)) * (xb[:, 4:5] / xb[:, 1:2])   # net predicts y relative to x5/x2
    loss = relative_loss(y_est, xb)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it % 500 == 0:
        print(f"iter {it} loss {loss.item():.4f}")

random.seed(1)
np.random.seed(1)
x_eval = get_batch(2000)
y_true = target(x_eval)
with torch.no_grad():
    y_hat = (model(scale(x_eval)) * (x_eval[:, 4:5] / x_eval[:, 1:2])).view(-1)
r2 = 1 - torch.mean((y_hat - y_true) ** 2) / torch.var(y_true, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
