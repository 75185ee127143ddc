# Rebuilt from: https://github.com/thu-ml/tianshou/issues/40
# Report: running halfcheetahBullet_v0_sac.py, tianshou's SAC prints "UserWarning: Using a target size
#   (torch.Size([128, 6])) that is different to the input size (torch.Size([128, 1]))" at the critic loss.
#   target_q has the wrong shape because log_prob is per action dimension; the reporter's fix is to sum
#   log_prob over dimension 1 (log_prob = torch.unsqueeze(torch.sum(log_prob, 1), 1)) in forward().
# Fixed twin of 37_sac_logprob_target.py: forward() sums log_prob over the action dimension
#   (torch.unsqueeze(torch.sum(log_prob, 1), 1), the fix from the issue), so target_q is [B, 1].
# Our own code, written after the report (not copied from it); small 3-d continuous control task, the
#   actor is kept frozen so the soft Q of that policy can be checked by Monte-Carlo rollouts.
import copy
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal

torch.manual_seed(0)
np.random.seed(0)
OBS, ACT, GAMMA, ALPHA = 3, 3, 0.9, 0.2

def env_step(s, a):
    r = -(s ** 2).sum(-1) - 0.1 * (a ** 2).sum(-1)
    return (0.8 * s + 0.3 * a + 0.05 * torch.randn_like(s)).clamp(-3, 3), r

class Critic(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(OBS + ACT, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, s, a):
        return self.net(torch.cat([s, a], dim=1))

class SACPolicy:
    def __init__(self, tau=0.01, gamma=GAMMA, alpha=ALPHA):
        self.actor_mu = nn.Linear(OBS, ACT)                  # "pretrained" actor, frozen for this run
        with torch.no_grad():
            self.actor_mu.weight.copy_(-0.8 * torch.eye(ACT))
            self.actor_mu.bias.zero_()
        self.critic1, self.critic2 = Critic(), Critic()
        self.critic1_old, self.critic2_old = copy.deepcopy(self.critic1), copy.deepcopy(self.critic2)
        self.critic1_optim = torch.optim.Adam(self.critic1.parameters(), lr=1e-3)
        self.critic2_optim = torch.optim.Adam(self.critic2.parameters(), lr=1e-3)
        self._tau, self._gamma, self._alpha, self.__eps = tau, gamma, alpha, np.finfo(np.float32).eps.item()

    def forward(self, obs):
        dist = Normal(self.actor_mu(obs), torch.ones(obs.size(0), ACT))
        x = dist.rsample()
        y = torch.tanh(x)
        log_prob = dist.log_prob(x) - torch.log(1 - y.pow(2) + self.__eps)
        log_prob = torch.unsqueeze(torch.sum(log_prob, 1), 1)
        return y, log_prob

    def sync_weight(self):
        for o, n in [(self.critic1_old, self.critic1), (self.critic2_old, self.critic2)]:
            for p_old, p in zip(o.parameters(), n.parameters()):
                p_old.data.copy_(p_old.data * (1 - self._tau) + p.data * self._tau)

    def learn(self, obs, act, rew, obs_next, done):
        with torch.no_grad():
            a_, log_prob_ = self.forward(obs_next)
            target_q = torch.min(self.critic1_old(obs_next, a_), self.critic2_old(obs_next, a_)) \
                - self._alpha * log_prob_
            rew, done = rew[:, None], done[:, None]
            target_q = rew + (1. - done) * self._gamma * target_q
        for critic, optim in [(self.critic1, self.critic1_optim), (self.critic2, self.critic2_optim)]:
            current_q = critic(obs, act)
            critic_loss = F.mse_loss(current_q, target_q)
            optim.zero_grad()
            critic_loss.backward()
            optim.step()
        self.sync_weight()
        return critic_loss.item()

policy = SACPolicy()
KEYS = ["obs", "act", "rew", "obs_next", "done"]
buf = {k: [] for k in KEYS}                                   # replay buffer, 64 parallel envs
with torch.no_grad():
    for t in range(300):
        if t % 25 == 0:
            s = torch.empty(64, OBS).uniform_(-1.5, 1.5)
        a, _ = policy.forward(s)
        s_next, r = env_step(s, a)
        for k, v in zip(KEYS, [s, a, r, s_next, torch.zeros(64)]):
            buf[k].append(v)
        s = s_next
buf = {k: torch.cat(v) for k, v in buf.items()}

for it in range(1800):
    idx = torch.randint(0, len(buf["obs"]), (128,))
    loss = policy.learn(*(buf[k][idx] for k in KEYS))
    if it % 500 == 0:
        print("iter", it, "critic_loss", round(loss, 4))

# Monte-Carlo soft Q of the frozen actor at 300 replay pairs
idx = torch.randint(0, len(buf["obs"]), (300,))
s0, a0, R = buf["obs"][idx], buf["act"][idx], 64
with torch.no_grad():
    s, ret = env_step(s0.repeat_interleave(R, 0), a0.repeat_interleave(R, 0))
    for t in range(1, 60):
        a, lp = policy.forward(s)
        s, r = env_step(s, a)
        ret += GAMMA ** t * (r - ALPHA * lp.sum(-1))
    q_true = ret.view(300, R).mean(1).numpy()
    q_hat = policy.critic1(s0, a0).view(-1).numpy()
r2 = 1 - np.mean((q_hat - q_true) ** 2) / np.var(q_true)
print(f"RESULT r2={r2:.3f}")
