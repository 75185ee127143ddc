# Rebuilt from: https://hub.jovian.ml/blog/linear-regression-using-pytorch/
# Report: Tutorial "Linear regression using PyTorch": predict apple and orange crop yields (tons) of a
#   region from average temperature (F), rainfall (mm) and humidity (%), fed as raw numbers (40..140)
#   into nn.Linear(3, 2) with SGD(lr=1e-5) on mini-batches of 5; the loss falls steadily and the fitted
#   yields end up close to the targets.
# Not a bug (a look-alike that must stay silent): the inputs are unscaled but all three are of the same
#   order (tens to ~140), the model is a single linear layer and the tiny lr is matched to that scale, so
#   SGD converges; outputs (N, 2) and targets (N, 2) have identical shapes.
# Our own code, written after the report (not copied from it); made-up region data generated in the script
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(1)
np.random.seed(1)
torch.set_num_threads(1)

# Input (temp, rainfall, humidity) for 15 regions
temp = np.random.uniform(65, 105, 15)
rain = np.random.uniform(40, 140, 15)
humid = np.random.uniform(35, 75, 15)
inputs = np.stack([temp, rain, humid], axis=1).astype("float32")
# Targets (apples, oranges) in tons
apples = -0.40 * temp + 0.85 * rain + 0.55 * humid + np.random.normal(0, 2, 15)
oranges = -0.25 * temp + 0.80 * rain + 0.85 * humid + np.random.normal(0, 2, 15)
targets = np.stack([apples, oranges], axis=1).astype("float32")

inputs = torch.from_numpy(inputs)
targets = torch.from_numpy(targets)
train_ds = TensorDataset(inputs, targets)
train_dl = DataLoader(train_ds, batch_size=5, shuffle=True)

model = nn.Linear(3, 2)
loss_fn = F.mse_loss
opt = torch.optim.SGD(model.parameters(), lr=1e-5)


def fit(num_epochs, model, loss_fn, opt, train_dl):
    for epoch in range(num_epochs):
        for xb, yb in train_dl:
            pred = model(xb)
            loss = loss_fn(pred, yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
        if (epoch + 1) % 100 == 0:
            print("Epoch [{}/{}], Loss: {:.4f}".format(epoch + 1, num_epochs, loss.item()))


fit(500, model, loss_fn, opt, train_dl)
with torch.no_grad():
    preds = model(inputs)
r2 = 1 - torch.mean((preds - targets) ** 2) / torch.mean((targets - targets.mean(0)) ** 2)
print(f"RESULT r2={r2.item():.3f}")
