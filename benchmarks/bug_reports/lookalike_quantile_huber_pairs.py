# Rebuilt from: https://github.com/Kchu/DeepRL_PyTorch/issues/1
# Report: the IQN example warns "Using a target size (torch.Size([32, 1, 64])) that
#   is different to the input size (torch.Size([32, 64, 1]))"; the maintainer:
#   "This is not a bug", the quantile Huber loss needs every pair.
# Not a bug (a look-alike that must stay silent): with reduction="none" the
#   (B, N, 1) quantiles against (B, 1, N) targets give the (B, N, N) pairwise
#   Huber terms on purpose; they are weighted by |tau - 1{u < 0}| and summed.
# Our own code, written after the report (not copied from it): a distributional
# regressor of a noisy target, no environment.
import torch
import torch.nn as nn
import torch.nn.functional as F

N_QUANTILES = 16
torch.manual_seed(0)
states = torch.randn(512, 4)
returns = states[:, :1] * 2.0 + torch.randn(512, N_QUANTILES) * 0.5

net = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, N_QUANTILES))
optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
tau = (torch.arange(N_QUANTILES, dtype=torch.float32) + 0.5) / N_QUANTILES
for step in range(300):
    batch = torch.randint(0, 512, (32,))
    quantiles = net(states[batch]).unsqueeze(2)
    target = returns[batch].unsqueeze(1)
    huber = F.smooth_l1_loss(quantiles, target.detach(), reduction="none")
    u = target.detach() - quantiles
    loss = (torch.abs(tau.view(1, -1, 1) - (u < 0).float()) * huber).sum(dim=1).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.no_grad():
    median = net(states)[:, N_QUANTILES // 2]
    truth = states[:, 0] * 2.0
    r2 = 1 - ((median - truth) ** 2).mean() / truth.var()
print(f"RESULT r2={r2.item():.3f}")
