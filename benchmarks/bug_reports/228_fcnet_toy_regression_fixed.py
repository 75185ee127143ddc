# Rebuilt from: https://github.com/matroid/dlwithtf/pull/11
# Report: In the book's ch4 fcnet_regression example the fully connected net never fits the toy data;
#   the fix says (y - y_pred)**2 should be a vector, not a matrix, and also raises the number of steps
#   and plots y and y_pred against x (rebuilt here in PyTorch).
# Fixed twin of 228_fcnet_toy_regression.py: the net output is squeezed to a vector, so (y - y_pred) ** 2 is per sample
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(456)
torch.manual_seed(456)

N = 100
w_true, b_true = 5.0, 2.0
x_np = np.random.rand(N, 1)
noise = 0.1 * np.random.randn(N, 1)
y_np = np.reshape(w_true * x_np + b_true + noise, (-1))     # flattened to (N,)

x = torch.tensor(x_np, dtype=torch.float32)
y = torch.tensor(y_np, dtype=torch.float32)

class FCNet(nn.Module):
    def __init__(self, n_hidden=50):
        super().__init__()
        self.fc1 = nn.Linear(1, n_hidden)
        self.fc2 = nn.Linear(n_hidden, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))

net = FCNet()
optimizer = torch.optim.Adam(net.parameters(), lr=0.001)

n_steps = 3000
for step in range(n_steps):
    y_pred = net(x).squeeze(1)
    l = torch.sum((y - y_pred) ** 2)
    optimizer.zero_grad()
    l.backward()
    optimizer.step()
    if step % 500 == 0:
        print("step %d, loss: %f" % (step, l.item()))

with torch.no_grad():
    y_fit = net(x).reshape(-1)
    r2 = 1 - torch.mean((y_fit - y) ** 2) / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
