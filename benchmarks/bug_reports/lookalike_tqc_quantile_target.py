# Rebuilt from: https://github.com/pytorch/rl/pull/1631
# Report: While adding TQC, the author explained that the reward has shape [batch, 1] while the truncated
#   next-state quantiles have shape [batch, n_nets * n_quantiles], so the target
#   `reward + not_done * gamma * (sorted_z_part - alpha * next_log_pi)` is broadcast on purpose to one
#   target per kept quantile, and the quantile loss then compares every predicted quantile with every target.
# Not a bug (a look-alike that must stay silent): the (B,1) + (B,M) broadcast and the explicit
#   target[:, None, :] - z[:, :, None] pairing are the intended distributional construction.
# Our own code, written after the report (not copied from it)
import copy
import numpy as np
import torch
import torch.nn as nn

np.random.seed(10); torch.manual_seed(10)
torch.set_num_threads(1)
GAMMA, ALPHA, N_Q, DROP = 0.8, 0.05, 25, 1
TAU = (torch.arange(N_Q, dtype=torch.float32) + 0.5) / N_Q


def env_step(x, goal, a):
    x2 = (x + 0.3 * a).clamp(-2, 2)
    return x2, -(x2 - goal) ** 2


def policy(x, goal):                     # fixed Gaussian policy that is being evaluated
    dist = torch.distributions.Normal((goal - x).clamp(-1, 1), 0.3)
    a = dist.sample()
    return a, dist.log_prob(a)


critic = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, N_Q))
critic_target = copy.deepcopy(critic)
opt = torch.optim.Adam(critic.parameters(), lr=1e-3)

for step in range(1200):
    x, goal = torch.rand(128) * 4 - 2, torch.rand(128) * 4 - 2           # states sampled over the domain
    a, _ = policy(x, goal)
    x2, r = env_step(x, goal, a)
    reward, not_done = r[:, None], torch.ones(128, 1)
    with torch.no_grad():
        a2, next_log_pi = policy(x2, goal)
        next_z = critic_target(torch.stack([x2, goal, a2], 1))
        sorted_z, _ = torch.sort(next_z.reshape(next_z.shape[0], -1))
        sorted_z_part = sorted_z[:, : N_Q - DROP]                         # (B, M)
        target = reward + not_done * GAMMA * (sorted_z_part - ALPHA * next_log_pi[:, None])   # (B, M)
    z = critic(torch.stack([x, goal, a], 1))                             # (B, N)
    diff = target[:, None, :] - z[:, :, None]                            # (B, N, M) pairwise, on purpose
    huber = torch.where(diff.abs() <= 1, 0.5 * diff ** 2, diff.abs() - 0.5)
    loss = (torch.abs(TAU[None, :, None] - (diff < 0).float()) * huber).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        for p, pt in zip(critic.parameters(), critic_target.parameters()):
            pt.mul_(0.99).add_(0.01 * p)

# Monte-Carlo soft return of 300 (s, a) pairs, 30 rollouts each
x0, g0 = torch.rand(300) * 4 - 2, torch.rand(300) * 4 - 2
a0, _ = policy(x0, g0)
x, goal, a = x0.repeat(30), g0.repeat(30), a0.repeat(30)
x, r = env_step(x, goal, a)
ret = r.clone()
for k in range(1, 30):
    a, logp = policy(x, goal)
    x, r = env_step(x, goal, a)
    ret += GAMMA ** k * (r - ALPHA * logp)
y = ret.reshape(30, 300).mean(0)
with torch.no_grad():
    pred = critic(torch.stack([x0, g0, a0], 1)).mean(1)
print(f"RESULT r2={(1 - ((pred - y) ** 2).mean() / y.var()).item():.3f}")
