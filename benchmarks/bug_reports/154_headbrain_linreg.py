# Rebuilt from: https://stats.stackexchange.com/questions/284189/simple-linear-regression-in-keras
# Report: A one-node linear model, trained with plain SGD (batch_size=1, 30 epochs) to predict one
#   column of a small downloaded dataset from another column, gives nan loss on every epoch; only a
#   "ridiculously small" learning rate (1e-7) gives a decent line. Answer: no normalization was done.
# Bug (planted: TL002): HeadSize (~3600 cm^3) is fed to the model raw, so SGD with lr=0.01 diverges.
# Our own code, written after the report (not copied from it); data: headbrain.csv from make_headbrain.py
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)

data = np.genfromtxt("headbrain.csv", delimiter=",", names=True)
x = data["HeadSize"].reshape(-1, 1)
y = data["BrainWeight"].reshape(-1, 1)

x_t = torch.tensor(x, dtype=torch.float32)
y_t = torch.tensor(y, dtype=torch.float32)

model = nn.Linear(1, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

for epoch in range(30):
    epoch_loss = 0.0
    for i in range(len(x_t)):                      # batch_size=1, no shuffle
        optimizer.zero_grad()
        loss = loss_fn(model(x_t[i:i + 1]), y_t[i:i + 1])
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item()
    if epoch % 10 == 0:
        print("epoch", epoch, "mse", epoch_loss / len(x_t))

with torch.no_grad():
    pred = model(x_t)
    r2 = 1 - torch.mean((pred - y_t) ** 2) / torch.var(y_t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
