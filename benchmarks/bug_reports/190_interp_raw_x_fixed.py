# Rebuilt from: https://xue-jishu.com/shen-jing-wang-luo-neng-xue-hui-jian-dan-de-cha-zhi-ma
# Report: "Can a neural network learn a simple interpolation?" - a 2-layer net (Linear(1,10), tanh,
#   Linear(10,3), softmax) trained with MSELoss to reproduce a piecewise-linear map from x in
#   [255, 200000] to a 3-vector; after six hours of trying learning rates and activations
#   (tanh, sigmoid, relu) "nothing seems to be learned".
# Fixed twin of 190_interp_raw_x.py: __getitem__ rescales x to [0, 1] with (x - LOW_X) / (HIGH_X - LOW_X) before it reaches the model.
# Our own code, written after the report (not copied from it); smaller dataset and larger learning rate
#   so the CPU run is short.
import random

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

random.seed(0)
torch.manual_seed(0)

LOW_X, MID_X, HIGH_X = 255, 40000, 200000
LOW_Y = torch.tensor([0.0, 0.0, 1.0])
MID_Y = torch.tensor([0.2, 0.5, 0.3])
HIGH_Y = torch.tensor([1.0, 0.0, 0.0])
BATCH_SIZE = 32


def x_to_tensor(x):
    if x <= MID_X:
        return LOW_Y + (x - LOW_X) * (MID_Y - LOW_Y) / (MID_X - LOW_X)
    if x <= HIGH_X:
        return MID_Y + (x - MID_X) * (HIGH_Y - MID_Y) / (HIGH_X - MID_X)
    return HIGH_Y


class XYDataset(Dataset):
    LENGTH = 1500

    def __init__(self):
        self.xs = [random.randint(LOW_X, HIGH_X) for _ in range(self.LENGTH)]

    def __len__(self):
        return self.LENGTH

    def __getitem__(self, idx):
        x = self.xs[idx]
        return torch.tensor([(x - LOW_X) / (HIGH_X - LOW_X)]), x_to_tensor(x)


class Interpolate(nn.Module):
    def __init__(self, num_outputs, hidden_size=10):
        super().__init__()
        self.x_to_hidden = nn.Linear(1, hidden_size)
        self.hidden_to_out = nn.Linear(hidden_size, num_outputs)
        self.activation = nn.Tanh()
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        out = self.activation(self.x_to_hidden(x))
        return self.softmax(self.hidden_to_out(out))


def train_net(net, loader, epochs=6, lr=8e-3):
    criterion = nn.MSELoss()
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    for epoch in range(epochs):
        running = 0.0
        for inputs, targets in loader:
            optimizer.zero_grad()
            loss = criterion(net(inputs), targets)
            loss.backward()
            optimizer.step()
            running += loss.item()
        print(f"epoch {epoch} loss {running / len(loader):.5f}")


dataset = XYDataset()
trainloader = DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=True)
net = Interpolate(3)
train_net(net, trainloader)

with torch.no_grad():
    X = torch.stack([dataset[i][0] for i in range(len(dataset))])
    Y = torch.stack([dataset[i][1] for i in range(len(dataset))])
    P = net(X)
    r2 = (1 - ((P - Y) ** 2).mean(0) / Y.var(0, unbiased=False)).mean()
print(f"RESULT r2={r2.item():.3f}")
