# Rebuilt from: https://github.com/torch/demos/pull/6
# Report: the multinomial logistic-regression demo (predict the preferred brand from age and
#   is-female, trained with plain SGD) gives terrible prediction accuracy; the age feature averages
#   about 31 while is-female averages about 0.5, so SGD needs a tiny step and very many iterations.
# Bug (planted: TL002): the raw `age` column (24..38) is fed unscaled next to the 0/1 `female` column;
#   per-sample SGD zig-zags on the age weight and never finds the intercepts.
# Our own code, written after the report (not copied from it); data: brands.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

data = pd.read_csv("brands.csv")
features = data[["female", "age"]].values.astype(np.float32)
targets = data["brand"].values - 1  # brands 1..3 -> classes 0..2

inputs = torch.from_numpy(features)
labels = torch.from_numpy(targets).long()

model = nn.Sequential(nn.Linear(2, 3), nn.LogSoftmax(dim=1))
criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-2)

n_epochs = 8
for epoch in range(n_epochs):
    order = torch.randperm(len(inputs))
    total = 0.0
    for i in order:
        x = inputs[i].unsqueeze(0)
        t = labels[i].unsqueeze(0)
        optimizer.zero_grad()
        loss = criterion(model(x), t)
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch} mean NLL {total / len(inputs):.4f}")

with torch.no_grad():
    predicted = model(inputs).argmax(dim=1)
acc = (predicted == labels).float().mean().item()
print(f"RESULT acc={acc:.3f}")
