# Rebuilt from: https://github.com/sunwuzhou03/reinforcement-learning-lab/issues/1
# Report: Running sacwalker.py prints "UserWarning: Using a target size (torch.Size([64, 4])) that is
#   different to the input size (torch.Size([64, 1]))" at F.mse_loss(self.critic_1(states, actions), td_target);
#   the reporter points at dist.log_prob(normal_sample) not being reduced over the action dimension.
# Bug (planted: TL001): Policy.sample returns the per-dimension log_prob (B, 4) unsummed, so td_target in
#   SAC.calc_target is (B, 4) while the critics output (B, 1); mse_loss broadcasts to a wrong target.
# Our own code, written after the report (not copied from it); offline transitions are synthetic.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal

torch.manual_seed(0); np.random.seed(0); torch.set_num_threads(1)
S_DIM, A_DIM, N = 3, 4, 2048

class Policy(nn.Module):            # fixed (pre-trained) actor; only the critics are updated here
    def __init__(self):
        super().__init__()
        self.mu = nn.Linear(S_DIM, A_DIM); self.log_std = nn.Linear(S_DIM, A_DIM)
        with torch.no_grad():
            self.log_std.weight.mul_(6.0)   # state-dependent exploration, as after actor training
    def sample(self, s, eps):
        mu, std = self.mu(s), self.log_std(s).clamp(-4.0, 0.0).exp()
        dist = Normal(mu, std)
        normal_sample = mu + std * eps
        action = torch.tanh(normal_sample)
        log_prob = dist.log_prob(normal_sample)
        log_prob = log_prob - torch.log(1 - action.pow(2) + 1e-7)
        return action, log_prob

class QNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(S_DIM + A_DIM, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
    def forward(self, s, a):
        return self.net(torch.cat([s, a], dim=1))

class SAC:
    def __init__(self, gamma=0.9, alpha=1.0, tau=0.05):
        self.actor = Policy()
        self.critic_1, self.critic_2 = QNet(), QNet()
        self.target_1, self.target_2 = QNet(), QNet()
        self.target_1.load_state_dict(self.critic_1.state_dict()); self.target_2.load_state_dict(self.critic_2.state_dict())
        self.opt_1 = torch.optim.Adam(self.critic_1.parameters(), lr=3e-3)
        self.opt_2 = torch.optim.Adam(self.critic_2.parameters(), lr=3e-3)
        self.gamma, self.alpha, self.tau = gamma, alpha, tau

    @torch.no_grad()
    def calc_target(self, rewards, next_states, next_eps, dones):
        next_actions, log_prob = self.actor.sample(next_states, next_eps)
        entropy = -log_prob
        q_next = torch.min(self.target_1(next_states, next_actions), self.target_2(next_states, next_actions))
        next_value = q_next + self.alpha * entropy
        return rewards + self.gamma * next_value * (1 - dones)

    def update(self, states, actions, rewards, next_states, next_eps, dones):
        td_target = self.calc_target(rewards, next_states, next_eps, dones)
        for critic, opt in ((self.critic_1, self.opt_1), (self.critic_2, self.opt_2)):
            loss = torch.mean(F.mse_loss(critic(states, actions), td_target.detach()))
            opt.zero_grad(); loss.backward(); opt.step()
        for net, tgt in ((self.critic_1, self.target_1), (self.critic_2, self.target_2)):
            for p, tp in zip(net.parameters(), tgt.parameters()):
                tp.data.mul_(1 - self.tau).add_(self.tau * p.data)

# replay buffer: deterministic dynamics, stored next-action noise
states = torch.randn(N, S_DIM)
actions = torch.rand(N, A_DIM) * 2 - 1
rewards = (torch.sin(states[:, :1] * 2) + (actions * states[:, 1:2]).sum(1, keepdim=True) * 0.5)
next_states = torch.tanh(states + 0.5 * actions[:, :S_DIM])
next_eps = torch.randn(N, A_DIM)
dones = (torch.rand(N, 1) < 0.1).float()

agent = SAC()
for step in range(600):
    idx = torch.randint(0, N, (256,))
    agent.update(states[idx], actions[idx], rewards[idx], next_states[idx], next_eps[idx], dones[idx])

with torch.no_grad():   # evaluation target: SAC soft target with the joint log-prob (summed over action dims)
    na, lp = agent.actor.sample(next_states, next_eps)
    qn = torch.min(agent.target_1(next_states, na), agent.target_2(next_states, na))
    y = rewards + agent.gamma * (qn - agent.alpha * lp.sum(-1, keepdim=True)) * (1 - dones)
    q = agent.critic_1(states, actions)
    r2 = 1 - F.mse_loss(q, y).item() / y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
