# Rebuilt from: https://discuss.pytorch.org/t/neural-net-to-approximate-a-sine-function/101647
# Report: A 3-layer fully connected net (1-200-200-1, ReLU, plain SGD) fitted to y = sin(2x) on x in [-7.5, 7.5]
#   converges near the centre but slowly at the edges; the loss is written loss_fn(y_train_tensor, yhat) and x is
#   used unnormalized. A reply says it sees nothing wrong with the code.
# Not a bug (a look-alike that must stay silent): MSELoss is symmetric, so target-first argument order is harmless;
#   both tensors are (N, 1); the input range +-7.5 is a single feature of order one-to-ten, not a scale problem.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

myseed = 44
np.random.seed(myseed)
torch.manual_seed(myseed)

data_range = 15
x = data_range * np.random.rand(data_range * 100, 1) - data_range / 2
frq = 2
y = np.sin(frq * x)

x_train_tensor = torch.from_numpy(x).float()
y_train_tensor = torch.from_numpy(y).float()

hidden, hidden2 = 200, 200
model = nn.Sequential(nn.Linear(1, hidden), nn.ReLU(), nn.Linear(hidden, hidden2), nn.ReLU(), nn.Linear(hidden2, 1))
loss_fn = nn.MSELoss(reduction="mean")
optimizer = optim.SGD(model.parameters(), lr=2e-2, momentum=0.9)

for epoch in range(700):
    model.train()
    yhat = model(x_train_tensor)
    loss = loss_fn(y_train_tensor, yhat)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    if epoch % 350 == 0:
        print(epoch, loss.item())

with torch.no_grad():
    yhat = model(x_train_tensor)
r2 = 1 - torch.mean((yhat - y_train_tensor) ** 2) / torch.var(y_train_tensor, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
