# Rebuilt from: https://discuss.pytorch.org/t/how-to-program-y-x-2-using-mlp/73850
# Report: a newcomer wanted a multilayer perceptron whose output is x^2 for x = ..., -2, -1, 0, 1, 2, ... but only
#   ever got straight lines y = a*x + b; the replies explain a hidden layer with a non-linearity is needed to
#   approximate x^2 on a bounded interval.
# Not a bug (a look-alike that must stay silent): the inputs are the small values -3..3 used raw (already unit
#   scale), the targets are built as a list of one-element lists so they are (N,1) like the model output, and
#   the model is kept in an nn.ModuleList of layers; with the ReLU hidden layer it fits.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(2)
np.random.seed(2)

xs = np.linspace(-3, 3, 61)
inputs = torch.tensor([[x] for x in xs], dtype=torch.float32)
targets = torch.tensor([[x ** 2] for x in xs], dtype=torch.float32)

class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.relu(layer(x))
        return self.layers[-1](x)

net = MLP([1, 32, 32, 1])
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
crit = nn.MSELoss()

for step in range(800):
    idx = np.random.permutation(len(xs))[:20]        # manual mini-batch
    loss = crit(net(inputs[idx]), targets[idx])
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 200 == 0:
        print(step, loss.item())

with torch.no_grad():
    p = net(inputs)
    r2 = 1 - ((p - targets) ** 2).mean() / targets.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
