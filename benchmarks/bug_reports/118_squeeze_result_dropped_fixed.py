# Rebuilt from: https://discuss.pytorch.org/t/why-the-model-fail-to-converge-without-a-manul-weight-initialization/50431
# Report: a one-layer linear regression (y = 5*x1 + 3*x2) only converged when the weight was
#   overwritten by hand with a 1-D Parameter; with the default init the loss "randomly oscillates
#   in the range of hundreds of thousands" and never comes down.
# Fixed twin of 118_squeeze_result_dropped.py: forward() now returns x.squeeze(1), so output and target are both (bs,)
# Our own code, written after the report (not copied from it)
import numpy as np
import torch

np.random.seed(0)
torch.manual_seed(0)


class Net(torch.nn.Module):
    def __init__(self, input_dim, output_dim):
        super(Net, self).__init__()
        self.layer1 = torch.nn.Linear(input_dim, output_dim, bias=False)

    def forward(self, x):
        x = self.layer1(x)
        x = x.squeeze(1)
        return x


# y = 5 * x1 + 3 * x2 + noise, features drawn with std 100 as in the report
sample_size = 4000
input_dim = 2
output_dim = 1
n_epochs = 30
bs = 100

data = np.random.randn(sample_size, 3)
data[:, :2] = data[:, :2] * 100
data[:, 2] = 5 * data[:, 0] + 3 * data[:, 1] + np.random.randn(sample_size)
data = torch.Tensor(data)
train_x = data[:, :input_dim]
train_y = data[:, input_dim]

net = Net(input_dim, output_dim)
criterion = torch.nn.MSELoss()
optimizer = torch.optim.RMSprop(net.parameters(), lr=0.01)

for epoch in range(n_epochs):
    perm = torch.randperm(sample_size)
    running = 0.0
    for i in range(0, sample_size, bs):
        idx = perm[i:i + bs]
        optimizer.zero_grad()
        out = net(train_x[idx])
        loss = criterion(out, train_y[idx])
        loss.backward()
        optimizer.step()
        running += loss.item()
    if epoch % 5 == 0 or epoch == n_epochs - 1:
        print("epoch %d  loss %.2f" % (epoch, running / (sample_size // bs)))

print("weights:", net.layer1.weight.data)
with torch.no_grad():
    pred = net(train_x).reshape(-1)
mse = torch.mean((pred - train_y) ** 2)
r2 = 1 - mse / torch.var(train_y, unbiased=False)
print("RESULT r2=%.3f" % r2.item())
