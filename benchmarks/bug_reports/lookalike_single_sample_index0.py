# Rebuilt from: https://github.com/chenyuntc/pytorch-book/issues/52
# Report: in the book's chapter-2 quick start, a LeNet-style net gets one 1x1x32x32 input and a dummy
#   target t.arange(0, 10); criterion(output, target) raised "input and target shapes do not match:
#   input [1 x 10], target [10]" on PyTorch 0.4; the reader switched to criterion(output[0], target).
# Not a bug (a look-alike that must stay silent): output[0] drops the batch dimension of the single sample,
#   so the MSELoss compares (10,) with (10,); nothing broadcasts and the net fits the 10 target values.
# Our own code, written after the report (not copied from it)
import torch as t
import torch.nn as nn
import torch.nn.functional as F

t.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(x.size()[0], -1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


net = Net()
input = t.randn(1, 1, 32, 32)
target = t.arange(0, 10).float()
criterion = nn.MSELoss()
optimizer = t.optim.SGD(net.parameters(), lr=0.01)

for step in range(300):
    optimizer.zero_grad()
    output = net(input)
    loss = criterion(output[0], target)
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        print(step, loss.item())

with t.no_grad():
    pred = net(input)[0]
    r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
