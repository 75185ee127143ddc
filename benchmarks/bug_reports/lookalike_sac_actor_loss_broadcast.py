# Rebuilt from: https://github.com/vwxyzjn/cleanrl/issues/379
# Report: In sac_continuous_action.py, min_qf_pi = torch.min(qf1_pi, qf2_pi).view(-1) has shape [B] while
#   log_pi has shape [B, 1], so ((alpha * log_pi) - min_qf_pi) is a [B, B] matrix before .mean();
#   the reporter suggested dropping .view(-1) (done in PR #383, with no change in benchmark returns).
# Not a bug (a look-alike that must stay silent): the actor loss is linear in both terms, so the mean of the
#   broadcast [B, B] matrix equals mean(alpha * log_pi) - mean(min_qf_pi); value and gradients are identical.
# Our own code, written after the report (not copied from it); a 1-step continuous-action task
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(7); torch.manual_seed(7); torch.set_num_threads(1)
B, ALPHA = 128, 0.05


def optimal_action(s):
    return 0.8 * torch.sin(2 * s[:, :1])


def reward(s, a):
    return -(a - optimal_action(s)) ** 2   # (B, 1)


class SoftQNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, s, a):
        return self.net(torch.cat([s, a], 1))


class Actor(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.mean, self.log_std = nn.Linear(64, 1), nn.Linear(64, 1)

    def get_action(self, s):
        h = self.body(s)
        mean, log_std = self.mean(h), self.log_std(h).clamp(-5, 2)
        normal = torch.distributions.Normal(mean, log_std.exp())
        x_t = normal.rsample()
        y_t = torch.tanh(x_t)
        log_prob = normal.log_prob(x_t) - torch.log(1 - y_t.pow(2) + 1e-6)
        return y_t, log_prob.sum(1, keepdim=True), torch.tanh(mean)


actor, qf1, qf2 = Actor(), SoftQNetwork(), SoftQNetwork()
q_optimizer = torch.optim.Adam(list(qf1.parameters()) + list(qf2.parameters()), lr=1e-3)
actor_optimizer = torch.optim.Adam(actor.parameters(), lr=3e-4)
states = torch.rand(2000, 2) * 2 - 1

for step in range(1000):
    obs = states[torch.randint(0, len(states), (B,))]
    with torch.no_grad():
        act, _, _ = actor.get_action(obs)
        act = (act + 0.3 * torch.randn_like(act)).clamp(-1, 1)
        rew = reward(obs, act)
    qf_loss = F.mse_loss(qf1(obs, act), rew) + F.mse_loss(qf2(obs, act), rew)
    q_optimizer.zero_grad(); qf_loss.backward(); q_optimizer.step()

    pi, log_pi, _ = actor.get_action(obs)
    min_qf_pi = torch.min(qf1(obs, pi), qf2(obs, pi)).view(-1)
    actor_loss = ((ALPHA * log_pi) - min_qf_pi).mean()
    actor_optimizer.zero_grad(); actor_loss.backward(); actor_optimizer.step()

gap = (actor_loss - (ALPHA * log_pi.view(-1) - min_qf_pi).mean()).abs().item()
with torch.no_grad():
    _, _, greedy = actor.get_action(states)
truth = optimal_action(states)
r2 = 1 - ((greedy - truth) ** 2).mean() / truth.var(unbiased=False)
print(f"|broadcast loss - elementwise loss| = {gap:.2e}")
print(f"RESULT r2={r2.item():.3f}")
