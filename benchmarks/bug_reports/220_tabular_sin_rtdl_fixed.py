# Rebuilt from: https://github.com/yandex-research/rtdl/issues/42
# Report: Following the rtdl example notebook (MLP baseline, apply_model(...).squeeze(-1), F.mse_loss) on a
#   toy Sin(x) regression, neither the MLP baseline nor FT-Transformer fit the curve; training printed
#   warnings. Maintainer: the warnings point to the issue, make y_all one-dimensional (squeeze(1)).
# Fixed twin of 220_tabular_sin_rtdl.py: y_all made one-dimensional with .squeeze(1) (maintainer's answer)
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
rng = np.random.default_rng(0)

X_all = rng.uniform(-3.0, 3.0, size=(1000, 1)).astype('float32')
y_all = np.sin(X_all).astype('float32').squeeze(1)

X = {}
y = {}
X['train'], X['test'], y['train'], y['test'] = train_test_split(X_all, y_all, train_size=0.8, random_state=0)
X = {k: torch.tensor(v) for k, v in X.items()}
y = {k: torch.tensor(v) for k, v in y.items()}


class MLP(nn.Module):
    def __init__(self, d_in, d_layers, d_out):
        super().__init__()
        layers = []
        for d in d_layers:
            layers += [nn.Linear(d_in, d), nn.ReLU()]
            d_in = d
        self.blocks = nn.Sequential(*layers)
        self.head = nn.Linear(d_in, d_out)

    def forward(self, x):
        return self.head(self.blocks(x))


model = MLP(d_in=1, d_layers=[64, 64], d_out=1)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
loss_fn = F.mse_loss


def apply_model(x_num):
    return model(x_num).squeeze(-1)


batch_size = 128
n = len(X['train'])
for epoch in range(1, 21):
    perm = torch.randperm(n)
    for start in range(0, n, batch_size):
        idx = perm[start:start + batch_size]
        model.train()
        optimizer.zero_grad()
        loss = loss_fn(apply_model(X['train'][idx]), y['train'][idx])
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f'epoch {epoch:03d} loss {loss.item():.4f}')

model.eval()
with torch.no_grad():
    pred = apply_model(X['train']).reshape(-1)
    target = y['train'].reshape(-1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
print(f'RESULT r2={r2.item():.3f}')
