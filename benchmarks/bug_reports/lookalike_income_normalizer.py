# Rebuilt from: https://community.deeplearning.ai/t/linear-regression-with-neural-network-need-help-and-advice/752992
# Report: A one-neuron linear "network" for multiple linear regression on a 20-row income table
#   (two inputs, income 27840..63600 as target). The inputs go through a Normalization layer adapted
#   on X; losses start around 1e9 and decay slowly with Adam. A reply: the inputs are fine, the slow
#   part is Adam with an unscaled target; plain gradient descent converges.
# Not a bug (a look-alike that must stay silent): the feature tensor is built raw (age, years of
#   experience), but the model's first module standardizes it with mean/std adapted from the data.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)

age = np.array([25, 27, 30, 32, 35, 37, 40, 42, 45, 47, 50, 52, 55, 57, 23, 29, 33, 38, 44, 49], dtype=float)
experience = np.clip(age - 22 - np.random.randint(0, 5, 20), 0, None)
income = np.round(20000 + 500 * age + 700 * experience + np.random.normal(0, 1500, 20))

X = torch.tensor(np.column_stack([age, experience]), dtype=torch.float32)
Y = torch.tensor(income, dtype=torch.float32).unsqueeze(1)


class Normalization(nn.Module):
    def __init__(self, num_features):
        super().__init__()
        self.register_buffer("mean", torch.zeros(num_features))
        self.register_buffer("std", torch.ones(num_features))

    def adapt(self, data):
        self.mean = data.mean(dim=0)
        self.std = data.std(dim=0)

    def forward(self, x):
        return (x - self.mean) / self.std


normalizer = Normalization(X.shape[1])
normalizer.adapt(X)
model = nn.Sequential(normalizer, nn.Linear(X.shape[1], 1))

optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()

for epoch in range(500):
    optimizer.zero_grad()
    loss = loss_fn(model(X), Y)
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print(epoch, loss.item())

with torch.no_grad():
    pred = model(X)
    r2 = 1 - torch.mean((pred - Y) ** 2) / torch.var(Y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
