# Rebuilt from: https://github.com/guevara/read-it-later/issues/4104 (saved copy of the blog post "Signal denoising using RNNs in PyTorch")
# Report: The post trains a GRU to map noisy sine sequences to clean ones; inputs and targets are numpy arrays
#   (N, T) reshaped with .reshape((N, -1, 1)) before going into the RNN and the MSE loss, and the fit looks fine.
# Not a bug (a look-alike that must stay silent): the odd-looking reshape(N, -1, 1) is applied to both inputs and
#   targets, and the batch_first GRU + Linear returns (N, T, 1), so prediction and target have identical shapes;
#   the signals are already in [-1.5, 1.5], no scaling needed.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)
N, T = 200, 50


def make_data(n):
    t = np.linspace(0, 4 * np.pi, T)
    phase = np.random.uniform(0, 2 * np.pi, (n, 1))
    amp = np.random.uniform(0.5, 1.5, (n, 1))
    clean = amp * np.sin(t + phase)
    noisy = clean + np.random.normal(0, 0.3, clean.shape)
    return noisy.astype(np.float32), clean.astype(np.float32)


class CleanNet(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.rnn = nn.GRU(1, hidden, num_layers=1, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out)


train_inp, train_out = make_data(N)
net = CleanNet()
optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
loss_func = nn.MSELoss()
inp = torch.tensor(train_inp.reshape((train_inp.shape[0], -1, 1)))
out = torch.tensor(train_out.reshape((train_out.shape[0], -1, 1)))
for t in range(80):
    pred = net(inp)
    optimizer.zero_grad()
    loss = loss_func(pred, out)
    loss.backward()
    optimizer.step()
    if t % 40 == 0:
        print(t, loss.item())

with torch.no_grad():
    pred = net(inp)
r2 = 1 - torch.mean((pred - out) ** 2) / torch.var(out, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
