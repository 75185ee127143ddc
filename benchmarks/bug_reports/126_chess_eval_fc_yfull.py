# Rebuilt from: https://github.com/LaurentMazare/tch-rs/issues/510
# Report: A fully connected net on [x, 773] board features with targets [x, 1] trained fine, but
#   when y_full was left as shape [x] (no .view([-1, 1])) the network "really struggles to
#   converge"; the reporter suspected broadcasting against the [batch_size, 1] output.
#   (Report used tch-rs, the Rust bindings of libtorch; rebuilt here with the Python API.)
# Bug (planted: TL001): y_full is the 1-D eval column, so each yb is (batch,) against a (batch, 1)
#   forward output; nn.MSELoss broadcasts to (batch, batch) and the net learns the batch mean.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(3)

N_POS, N_FEAT = 1500, 773          # 12 piece planes x 64 squares + 5 side/castling flags


def make_positions(n):
    x = np.zeros((n, N_FEAT), dtype=np.float32)
    for i in range(n):
        squares = rng.choice(64, size=rng.integers(8, 24), replace=False)
        planes = rng.integers(0, 12, size=len(squares))
        x[i, planes * 64 + squares] = 1.0
        x[i, 768:] = rng.integers(0, 2, size=5)
    piece_value = np.array([1, 3, 3, 5, 9, 0, -1, -3, -3, -5, -9, 0], dtype=np.float32)
    psq = rng.normal(0, 0.2, size=(12, 64)).astype(np.float32)
    w = (piece_value[:, None] + psq).reshape(-1)
    eval_pawns = x[:, :768] @ w + 0.3 * x[:, 768] + rng.normal(0, 0.3, n)
    return x, eval_pawns.astype(np.float32)


x_np, y_np = make_positions(N_POS)
x_full = torch.from_numpy(x_np)
y_full = torch.from_numpy(y_np)

net = nn.Sequential(nn.Linear(N_FEAT, 256), nn.ReLU(), nn.Linear(256, 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
batch_size = 128

for epoch in range(30):
    perm = torch.randperm(N_POS)
    epoch_loss = 0.0
    for start in range(0, N_POS, batch_size):
        idx = perm[start:start + batch_size]
        xb, yb = x_full[idx], y_full[idx]
        loss = loss_fn(net(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        epoch_loss += loss.item() * len(idx)
    if epoch % 10 == 0:
        print(f"epoch {epoch}: loss {epoch_loss / N_POS:.4f}")

with torch.no_grad():
    pred = net(x_full).view(-1)
target = y_full.view(-1)
r2 = 1 - torch.mean((pred - target) ** 2) / torch.var(target, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
