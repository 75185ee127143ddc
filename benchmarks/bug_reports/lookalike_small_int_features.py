# Rebuilt from: https://github.com/apache/mxnet/pull/6432
# Report: the beginner linear-regression tutorial sometimes returned 'nan' with its hardcoded training data
#   ([[1,2],[3,4],[5,6],[3,2],[7,1],[6,9]] -> [5,11,17,7,9,24]); the PR decreased the learning rate and switched
#   to uniform random inputs, and a reviewer asked for a note on input normalization.
# Not a bug (a look-alike that must stay silent): the inputs are small unnormalized integers (1..9), i.e. already
#   within an order of magnitude of unit scale; with a suitable learning rate plain SGD converges without scaling.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)

train_data = np.array([[1, 2], [3, 4], [5, 6], [3, 2], [7, 1], [6, 9]], dtype=np.float32)
train_label = np.array([5, 11, 17, 7, 9, 24], dtype=np.float32)  # = x1 + 2*x2

X = torch.from_numpy(train_data)
y = torch.from_numpy(train_label).view(-1, 1)

net = nn.Linear(2, 1)
trainer = torch.optim.SGD(net.parameters(), lr=0.005)
loss = nn.MSELoss()

for epoch in range(3000):
    for i in range(0, len(X), 2):  # mini-batches of 2, like the tutorial's iterator
        l = loss(net(X[i:i + 2]), y[i:i + 2])
        trainer.zero_grad()
        l.backward()
        trainer.step()
    if epoch % 1000 == 0:
        print(epoch, loss(net(X), y).item())

with torch.no_grad():
    r2 = 1 - ((net(X) - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
