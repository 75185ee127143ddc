# Rebuilt from: https://discuss.pytorch.org/t/cant-get-lower-loss/55899
# Report: A single nn.Linear maps raw track coordinates [x, y, x+vx, y+vy] -> [x+2vx, y+2vy] (two targets at once,
#   values in the tens to hundreds, no normalization, Adam with lr stepped 1e-3 -> 1e-4 ...). The weights come out
#   almost exactly [[-1,0,2,0],[0,-1,0,2]] but the loss stalls around 1e-5 and the user asks why it is not zero.
# Not a bug (a look-alike that must stay silent): the unnormalized coordinates are fine here; Adam fits the exact
#   linear map and the residual ~1e-5 is float32 precision / tiny late learning rates, as the answer explains.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)

rng = np.random.default_rng(5)
pos = rng.uniform(0, 100, (512, 2))
vel = rng.uniform(-20, 40, (512, 2))
inputs = np.concatenate([pos, pos + vel], axis=1).astype(np.float32)
targets = (pos + 2 * vel).astype(np.float32)
X, Y = torch.from_numpy(inputs), torch.from_numpy(targets)

model = nn.Linear(4, 2)
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=400, gamma=0.1)

for step in range(1600):
    optimizer.zero_grad()
    loss = criterion(model(X), Y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    if step % 400 == 0:
        print(f"step {step} loss {loss.item():.6f}")

print(model.weight.data)
with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - Y) ** 2).mean() / ((Y - Y.mean(0)) ** 2).mean()
print(f"RESULT r2={r2.item():.3f}")
