# Rebuilt from: https://stats.stackexchange.com/questions/280372/neural-network-cannot-learn-a-simple-function
# Report: a 2-hidden-layer ReLU network (16-16) trained with SGD(lr=0.001) via train_on_batch on
#   100 samples of y = (x - 0.5)^2, x = 0.00 ... 0.99, only fits a straight line. The answer blames the
#   activation/training setup (output looks linear; try sigmoid or tanh), not the data.
# Not a bug (a look-alike that must stay silent): inputs and targets are built element by element into
#   np.zeros((100, 1)) arrays - x already lies in [0, 1) and targets are (100, 1) like the model output,
#   so there is neither a scale nor a shape problem; with tanh and Adam the curve is fitted.
# Our own code, written after the report (not copied from it); PyTorch instead of Keras.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)

inputs = np.zeros((100, 1), dtype=np.float32)
targets = np.zeros((100, 1), dtype=np.float32)
for i in range(100):
    inputs[i, 0] = 0.01 * i
    targets[i, 0] = np.power((inputs[i, 0] - 0.5), 2)

x = torch.from_numpy(inputs)
y = torch.from_numpy(targets)

model = nn.Sequential(
    nn.Linear(1, 16), nn.Tanh(),
    nn.Linear(16, 16), nn.Tanh(),
    nn.Linear(16, 1),
)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
mse = nn.MSELoss()


def train_on_batch(xb, yb):
    opt.zero_grad()
    loss = mse(model(xb), yb)
    loss.backward()
    opt.step()
    return loss.item()


for it in range(500):
    loss = train_on_batch(x, y)
    if it % 200 == 0:
        print(f"iter {it} loss {loss:.6f}")

with torch.no_grad():
    pred = model(x)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
