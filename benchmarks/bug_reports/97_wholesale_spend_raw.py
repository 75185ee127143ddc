# Rebuilt from: https://github.com/BrainJS/brain.js/issues/253
# Report: "Ensure that numeric values are between 0 and 1": a network on wholesale-customer rows such as
#   Channel 2, Region 3, Fresh 12669, Milk 9656, Grocery 7561, Frozen 214, DetergentsPaper 2674 ->
#   Delicassen 1338; the reporter does not know how to bring such columns into range. Maintainer's
#   answer: iterate on the values, find the largest value, then divide by that.
# Bug (planted: TL002): CustomerData keeps the spend columns (hundreds to tens of thousands) as raw
#   floats next to Channel/Region (1..3); the SGD+momentum regressor blows up to nan in the first epoch.
# Our own code, written after the report (not copied from it); data: wholesale_customers.csv, a small made-up table beside this script; like the reporter, the Delicassen target is divided by 10000
import csv
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(253)

INPUT_COLS = ["Channel", "Region", "Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper"]


class CustomerData:
    def __init__(self, path):
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        self.x = torch.tensor([[float(r[c]) for c in INPUT_COLS] for r in rows])
        self.y = torch.tensor([[float(r["Delicassen"]) / 10000] for r in rows])

    def loader(self, batch_size):
        return DataLoader(TensorDataset(self.x, self.y), batch_size=batch_size, shuffle=True)


class Trainer:
    def __init__(self, model, lr=1e-2, momentum=0.9):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
        self.loss_fn = nn.MSELoss()

    def fit(self, loader, epochs):
        for epoch in range(epochs):
            total, count = 0.0, 0
            for xb, yb in loader:
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(xb), yb)
                loss.backward()
                self.opt.step()
                total += loss.item() * len(xb)
                count += len(xb)
            if epoch % 20 == 0:
                print(f"epoch {epoch}: training error {total / count:.6f}")

    def r2(self, x, y):
        with torch.no_grad():
            pred = self.model(x)
        return 1.0 - torch.mean((pred - y) ** 2).item() / torch.var(y, unbiased=False).item()


data = CustomerData("wholesale_customers.csv")
model = nn.Sequential(nn.Linear(len(INPUT_COLS), 16), nn.ReLU(), nn.Linear(16, 1))
trainer = Trainer(model)
trainer.fit(data.loader(batch_size=20), epochs=100)
print(f"RESULT r2={trainer.r2(data.x, data.y):.3f}")
