# Rebuilt from: https://github.com/thu-ml/tianshou/issues/393
# Report: A user thought the QR-DQN loss reduction (mean(-1).sum(1)) was a wrong equation; the maintainers
#   explained that the TD error u has shape (batch, num_quantiles, num_quantiles) on purpose: every predicted
#   quantile is compared with every target quantile, so the reduction is fine.
# Not a bug (a look-alike that must stay silent): predicted quantiles (B,N,1) minus target samples (B,1,N)
#   broadcast to (B,N,N) intentionally, as the quantile Huber loss requires.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(6)
torch.manual_seed(6)
N_QUANT, KAPPA = 16, 1.0


def sample_returns(pos_m, n):
    # return distribution of a 1-D point mass episode: mean depends on start position, spread too
    mean = -2.0 * pos_m ** 2 + 1.0
    std = 0.3 + 0.2 * np.abs(pos_m)
    return mean[:, None] + std[:, None] * np.random.randn(len(pos_m), n)


pos = np.random.uniform(-1.5, 1.5, 2000).astype(np.float32)
targets = torch.tensor(sample_returns(pos, N_QUANT), dtype=torch.float32)     # (B, N) target samples
states = torch.tensor(pos).unsqueeze(1)
tau = (torch.arange(N_QUANT, dtype=torch.float32) + 0.5) / N_QUANT

net = nn.Sequential(nn.Linear(1, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, N_QUANT))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)


def quantile_huber(curr_dist, target_dist):
    u = target_dist - curr_dist                                  # (B, N, N) on purpose
    huber = torch.where(u.abs() <= KAPPA, 0.5 * u ** 2, KAPPA * (u.abs() - 0.5 * KAPPA))
    weight = (tau.view(1, -1, 1) - (u.detach() < 0).float()).abs()
    return (weight * huber).mean(-1).sum(1).mean()


for epoch in range(40):
    perm = torch.randperm(len(states))
    for i in range(0, len(perm), 128):
        idx = perm[i:i + 128]
        curr_dist = net(states[idx]).unsqueeze(2)               # (B, N, 1)
        target_dist = targets[idx].unsqueeze(1)                  # (B, 1, N)
        loss = quantile_huber(curr_dist, target_dist)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    q_mean = net(states).mean(1)
y = targets.mean(1)
r2 = 1 - ((q_mean - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
