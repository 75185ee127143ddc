# Rebuilt from: https://github.com/BY571/Soft-Actor-Critic-and-Extensions/issues/4
# Report: Running the repo's SAC.py on Hopper-v2 prints "UserWarning: Using a target size
#         (torch.Size([256, 3])) that is different to the input size (torch.Size([256, 1]))" at
#         `critic2_loss = 0.5*F.mse_loss(Q_2, Q_targets.detach())`; the maintainer points to the
#         newer run.py, the old SAC.py being outdated.
# Bug (planted: TL001): the tanh-Gaussian log-probability is left per action dimension, (B, 3), so
#         Q_targets = r + gamma*(1-d)*(minQ' - alpha*log_prob) becomes (B, 3); F.mse_loss against the
#         critic's (B, 1) output broadcasts and the critics fit the per-dimension average entropy term.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal

torch.manual_seed(0)
np.random.seed(0)
S_DIM, A_DIM, GAMMA, ALPHA, EPS = 8, 3, 0.99, 1.0, 1e-6   # temperature still at its initial value (log_alpha = 0)


def mlp(inp, out):
    return nn.Sequential(nn.Linear(inp, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, out))


class Actor(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = mlp(S_DIM, 2 * A_DIM)

    def evaluate(self, state):
        mu, log_std = self.net(state).chunk(2, dim=-1)
        std = log_std.clamp(-3, 0.5).exp()
        e = Normal(mu, std).rsample()
        action = torch.tanh(e)
        log_prob = Normal(mu, std).log_prob(e) - torch.log(1 - action.pow(2) + EPS)
        return action, log_prob


# frozen pieces of an ongoing SAC run: current policy and target critics
actor, critic1_target, critic2_target = Actor(), mlp(S_DIM + A_DIM, 1), mlp(S_DIM + A_DIM, 1)
for p in list(actor.parameters()) + list(critic1_target.parameters()) + list(critic2_target.parameters()):
    p.requires_grad_(False)

# replay buffer
N = 2048
states = torch.randn(N, S_DIM)
actions = torch.tanh(torch.randn(N, A_DIM))
rewards = (states[:, :2].sum(1, keepdim=True) - 0.5 * actions.pow(2).sum(1, keepdim=True))
next_states = 0.9 * states + 0.3 * torch.randn(N, S_DIM)
dones = (torch.rand(N, 1) < 0.05).float()


def soft_targets(r, s_next, d):
    with torch.no_grad():
        next_action, log_prob = actor.evaluate(s_next)
        sa = torch.cat([s_next, next_action], 1)
        Q_target_next = torch.min(critic1_target(sa), critic2_target(sa))
        return r + GAMMA * (1 - d) * (Q_target_next - ALPHA * log_prob)


critic1, critic2 = mlp(S_DIM + A_DIM, 1), mlp(S_DIM + A_DIM, 1)
opt1 = torch.optim.Adam(critic1.parameters(), lr=1e-3)
opt2 = torch.optim.Adam(critic2.parameters(), lr=1e-3)

for step in range(1500):
    idx = torch.randint(0, N, (256,))
    Q_targets = soft_targets(rewards[idx], next_states[idx], dones[idx])
    sa = torch.cat([states[idx], actions[idx]], 1)
    Q_1, Q_2 = critic1(sa), critic2(sa)
    critic1_loss = 0.5 * F.mse_loss(Q_1, Q_targets.detach())
    critic2_loss = 0.5 * F.mse_loss(Q_2, Q_targets.detach())
    opt1.zero_grad()
    critic1_loss.backward()
    opt1.step()
    opt2.zero_grad()
    critic2_loss.backward()
    opt2.step()
    if step % 500 == 0:
        print(f"step {step:4d} critic1_loss {critic1_loss.item():.4f}")

# evaluation target: soft Bellman backup with the joint log-prob, averaged over 32 next-action samples
with torch.no_grad():
    y = torch.zeros(N, 1)
    for _ in range(32):
        a2, lp = actor.evaluate(next_states)
        sa2 = torch.cat([next_states, a2], 1)
        q2 = torch.min(critic1_target(sa2), critic2_target(sa2))
        y += (rewards + GAMMA * (1 - dones) * (q2 - ALPHA * lp.sum(1, keepdim=True))) / 32
    q = critic1(torch.cat([states, actions], 1))
r2 = 1 - torch.mean((q - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
