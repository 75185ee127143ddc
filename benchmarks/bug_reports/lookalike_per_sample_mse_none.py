# Rebuilt from: https://e-com-net.com/article/1602703033236488192.htm
# Report: (blog post after the PyTorch forum thread "Loss for each sample in batch") The author needed the loss of
#   every sample of a batch, which nn.MSELoss() hides by averaging; switching to nn.MSELoss(reduction='none') and
#   taking torch.mean(..., 1) gives one loss per sample, and torch.mean of that gives the usual batch loss.
# Not a bug (a look-alike that must stay silent): the unreduced loss is (B, 3) for (B, 3) predictions and targets;
#   it is averaged over dim 1 into a (B,) per-sample loss (kept to track the hardest samples) and then over the
#   batch into the scalar that is back-propagated.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(13)

n, d_in, d_out = 900, 6, 3
X = rng.normal(size=(n, d_in)).astype(np.float32)
W = rng.normal(size=(d_in, d_out))
Y = (np.tanh(X @ W) + 0.3 * X[:, :3] ** 2 + 0.05 * rng.normal(size=(n, d_out))).astype(np.float32)
X, Y = torch.from_numpy(X), torch.from_numpy(Y)

model = nn.Sequential(nn.Linear(d_in, 64), nn.ReLU(), nn.Linear(64, d_out))
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn_each = nn.MSELoss(reduction='none')

batch_size = 50
hardest = {}
for epoch in range(60):
    perm = torch.randperm(n)
    for i in range(0, n, batch_size):
        idx = perm[i:i + batch_size]
        Ypred = model(X[idx])
        loss_each = torch.mean(loss_fn_each(Ypred, Y[idx]), 1)    # one loss per sample, shape (B,)
        loss = torch.mean(loss_each)                              # batch loss
        worst = torch.argmax(loss_each).item()
        hardest[int(idx[worst])] = loss_each[worst].item()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

print("hardest samples seen:", sorted(hardest, key=hardest.get)[-5:])
with torch.no_grad():
    P = model(X)
r2 = 1 - torch.mean((P - Y) ** 2) / torch.mean((Y - Y.mean(0)) ** 2)
print(f"RESULT r2={r2.item():.3f}")
