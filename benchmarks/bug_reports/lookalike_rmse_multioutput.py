# Rebuilt from: https://whosebug.com/question/5211937/RMSE-loss-for-multi-output-regression-problem-in-PyTorch
# Report: A user regressing 20 values per sample wrote their own RMSE loss (mean of squares over the 20 outputs,
#   sqrt per sample, then averaged over the batch) and was confused that it differs from nn.MSELoss. Answers: the
#   function computes a different quantity (per-sample RMSE, not MSE); torch.sqrt(nn.MSELoss()(pred, target)) is
#   the plain RMSE.
# Not a bug (a look-alike that must stay silent): prediction and target are both (bs, 20); the hand-written loss is
#   elementwise over matching shapes and the inputs are already on a unit scale.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


def loss_function(predicted_x, target):
    loss = torch.sum(torch.square(predicted_x - target), axis=1) / (predicted_x.size()[1])
    loss = torch.sqrt(loss + 1e-8)
    loss = torch.sum(loss) / predicted_x.size()[0]
    return loss


class Net(nn.Module):
    def __init__(self, n_in=16, n_out=20):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(n_in, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                                nn.Linear(128, n_out))

    def forward(self, x):
        return self.fc(x)


N = 512
X = torch.randn(N, 16)
W = torch.randn(16, 20) / 4
Y = torch.tanh(X @ W) + 0.1 * torch.randn(N, 20)

net = Net()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
bs = 64
for epoch in range(60):
    perm = torch.randperm(N)
    for i in range(0, N, bs):
        idx = perm[i:i + bs]
        out = net(X[idx])                          # (bs, 20)
        loss = loss_function(out, Y[idx])          # target (bs, 20)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 20 == 0:
        with torch.no_grad():
            print(epoch, loss.item(), torch.sqrt(nn.MSELoss()(net(X), Y)).item())

with torch.no_grad():
    pred = net(X)
    r2 = 1 - torch.mean((pred - Y) ** 2) / torch.var(Y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
