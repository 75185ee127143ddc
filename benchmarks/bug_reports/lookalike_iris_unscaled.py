# Rebuilt from: https://imathworks.com/cv/solved-nnet-package-is-it-neccessary-to-scale-data
# Report: "Is it necessary to scale data?" - a small neural network (R nnet) for prediction gives the same
#   efficiency on unscaled data as on scaled data. Answer: not required, only advised; on iris the
#   optimal performance is similar with and without center/scale preprocessing.
# Not a bug (a look-alike that must stay silent): the iris measurements are used raw, but they are all
#   centimetres in a small range (0.1 .. 7.9) of similar magnitude, so the SGD-trained MLP is fine.
# Our own code, written after the report (not copied from it); data: iris.csv, a small made-up table beside this script
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(4)

df = pd.read_csv("iris.csv")
classes = sorted(df["species"].unique())
X = torch.tensor(df[["sepal_length", "sepal_width", "petal_length", "petal_width"]].values,
                 dtype=torch.float32)
y = torch.tensor(df["species"].map({c: i for i, c in enumerate(classes)}).values)


class IrisNet(nn.Module):
    def __init__(self, hidden=8):
        super().__init__()
        self.hidden = nn.Linear(4, hidden)
        self.out = nn.Linear(hidden, 3)

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x)))


model = IrisNet()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

for epoch in range(300):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(X), y)
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
