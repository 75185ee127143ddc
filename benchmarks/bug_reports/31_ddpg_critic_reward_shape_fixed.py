# Rebuilt from: https://github.com/Jona240/DDPG-Routing-Test/issues/1
# Report: DDPG agent for routing; during training torch prints "UserWarning: Using a target size
#   (torch.Size([3, 3])) that is different to the input size (torch.Size([3, 1]))" from the critic's
#   MSELoss. The code keeps running, the reporter asks how to get rid of it (no answer in the thread).
# Fixed twin of 31_ddpg_critic_reward_shape.py: rewards, terminal flags and gamma are reshaped to [B, 1]
#   (.view(-1, 1)) so the TD target q has the same [B, 1] shape as critic_q.
# Our own code, written after the report (not copied from it); synthetic 1-d linear-quadratic task,
#   actor frozen so the critic can be checked against the exact Q of that policy.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

A, B, SIGMA, C_ACT = 0.9, 0.5, 0.1, 0.1
GAMMA, K_POLICY = 0.9, 0.6

class CriticNet(nn.Module):
    def __init__(self, input=2, output=1):
        super(CriticNet, self).__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(input, 64), nn.Linear(64, 64), nn.Linear(64, output)
        self.relu = nn.LeakyReLU(negative_slope=0.01)

    def forward(self, x):
        return self.fc3(self.relu(self.fc2(self.relu(self.fc1(x)))))

class CriticNetLoss(nn.Module):
    def __init__(self):
        super(CriticNetLoss, self).__init__()
        self.loss = nn.MSELoss()

    def forward(self, pred, target):
        return self.loss(pred, target)

class Agent:
    def __init__(self, gamma=GAMMA, soft_update=0.02):
        self.gamma, self.su = gamma, soft_update
        self.actor_net = lambda s: -K_POLICY * s          # pretrained actor, frozen here
        self.critic_net_now, self.critic_net = CriticNet(), CriticNet()
        self.critic_net.load_state_dict(self.critic_net_now.state_dict())
        self.critic_optimizer = torch.optim.Adam(self.critic_net_now.parameters(), lr=1e-3)
        self.critic_net_loss = CriticNetLoss()
        self.experience_playback = {'state': [], 'action': [], 'reward': [],
                                    'next_state': [], 'is_terminal': []}

    def update_now_net2target_net(self):
        now_sd, tgt_sd = self.critic_net_now.state_dict(), self.critic_net.state_dict()
        self.critic_net.load_state_dict({k: now_sd[k] * self.su + tgt_sd[k] * (1 - self.su) for k in tgt_sd})

    def critic_learn(self, batch_size):
        batch_size = min(batch_size, len(self.experience_playback['state']))
        ep_state_b = torch.cat(tuple(self.experience_playback['state'][-batch_size:]), 0)
        ep_next_state_b = torch.cat(tuple(self.experience_playback['next_state'][-batch_size:]), 0)
        next_action_b = self.actor_net(ep_next_state_b)
        ep_action_b = torch.cat(tuple(self.experience_playback['action'][-batch_size:]), 0)
        r_b = torch.cat(tuple(self.experience_playback['reward'][-batch_size:]), 0).view(-1, 1)
        ist_b = torch.cat(tuple(self.experience_playback['is_terminal'][-batch_size:]), 0).view(-1, 1)
        next_q = self.critic_net(torch.cat((ep_next_state_b, next_action_b), 1))
        gamma_b = torch.Tensor([self.gamma]).repeat(batch_size).view(-1, 1)
        q = ist_b * next_q
        q = q * gamma_b
        q = q + r_b
        q = q.detach()
        critic_q = self.critic_net_now(torch.cat((ep_state_b, ep_action_b), 1))
        critic_loss = self.critic_net_loss(critic_q, q)
        self.critic_optimizer.zero_grad()
        critic_loss.backward()
        self.critic_optimizer.step()
        self.update_now_net2target_net()
        return critic_loss

def env_step(s, a):
    r = -(s ** 2 + C_ACT * a ** 2)
    return float(np.clip(A * s + B * a + SIGMA * np.random.randn(), -3, 3)), float(r)

agent = Agent()
for episode in range(150):
    s = np.random.uniform(-2, 2)
    for t in range(20):
        a = -K_POLICY * s + np.random.normal(0, 0.7)     # exploration noise
        s_next, r = env_step(s, a)
        # is_terminal stays 1.0 (time limit, not a real terminal state)
        for key, v in [('state', [[s]]), ('action', [[a]]), ('reward', [r]), ('next_state', [[s_next]]),
                       ('is_terminal', [1.0])]:
            agent.experience_playback[key].append(torch.Tensor(v))
        agent.critic_learn(batch_size=64)
        s = s_next
    if episode % 50 == 0:
        print("episode", episode, "transitions", len(agent.experience_playback['state']))

# exact Q of the frozen actor: V(s) = p s^2 + c
p = -(1 + C_ACT * K_POLICY ** 2) / (1 - GAMMA * (A - B * K_POLICY) ** 2)
c = GAMMA * p * SIGMA ** 2 / (1 - GAMMA)
s_test = np.random.uniform(-2, 2, 2000)
a_test = -K_POLICY * s_test + np.random.normal(0, 0.7, 2000)
q_true = -(s_test ** 2 + C_ACT * a_test ** 2) + GAMMA * (p * ((A * s_test + B * a_test) ** 2 + SIGMA ** 2) + c)
with torch.no_grad():
    q_hat = agent.critic_net_now(torch.Tensor(np.stack([s_test, a_test], 1))).view(-1).numpy()
r2 = 1 - np.mean((q_hat - q_true) ** 2) / np.var(q_true)
print(f"RESULT r2={r2:.3f}")
