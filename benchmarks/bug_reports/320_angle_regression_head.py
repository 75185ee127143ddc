# Rebuilt from: https://github.com/mit-han-lab/torchquantum/issues/48
# Report: the regression example read 3 measured values per sample but trained on only one of them and got
#   poor performance; the reporter's fix is to add a Linear(n_wires, 1) head on the 3 values AND to
#   unsqueeze(dim=-1) the targets "so the dimension of outputs_all and targets match".
# Bug (planted: TL001): the Linear(3,1) head was added but the targets were left 1-D: head output (B,1) vs
#   targets (B,) into F.mse_loss in train() -> broadcast to (B,B).
# Our own code, written after the report (not copied from it); a classical stand-in for the 3 measurements
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

np.random.seed(1)
torch.manual_seed(1)

def make_data(n=512):
    feats, targets = [], []
    for _ in range(n):
        a, b, c = np.random.uniform(-np.pi, np.pi, size=3)
        # three "expectation values" measured on three wires
        feats.append([np.cos(a), np.cos(a) * np.cos(b), np.cos(b) * np.sin(c)])
        targets.append(np.cos(a) * np.cos(b) + 0.8 * np.cos(b) * np.sin(c) - 0.5 * np.cos(a) ** 2)
    return np.array(feats, dtype=np.float32), np.array(targets, dtype=np.float32)

X, y = make_data()
ds = TensorDataset(torch.from_numpy(X), torch.from_numpy(y))
loader = DataLoader(ds, batch_size=64, shuffle=True)

# parts of the model kept in a dict, like the separate circuit / readout pieces
parts = {
    "body": nn.Sequential(nn.Linear(3, 32), nn.ReLU(), nn.Linear(32, 3)),
    "head": nn.Linear(3, 1),          # added per the suggestion in the report
}
params = [p for m in parts.values() for p in m.parameters()]

def forward(x):
    return parts["head"](torch.tanh(parts["body"](x)))

def train(loader, optimizer, epochs):
    for ep in range(epochs):
        running = 0.0
        for xb, targets in loader:
            outputs_all = forward(xb)
            loss = F.mse_loss(outputs_all, targets)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running += loss.item()
        if ep % 10 == 0:
            print("epoch", ep, "loss", round(running / len(loader), 4))

optimizer = torch.optim.Adam(params, lr=5e-3)
train(loader, optimizer, epochs=40)

with torch.no_grad():
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    pred = forward(Xt).squeeze(-1)
    r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
