# Rebuilt from: https://github.com/youngwoon/robot-learning/issues/2
# Report: The maintainer of a robot-learning codebase noticed that the critic networks do not agree on their
#   output dimension: the PPO critic returns values of shape [128, 1] while other code paths (Dreamer) use [128],
#   and proposes to reduce the last dimension so critic outputs and value targets have one consistent shape.
# Fixed twin of 305_critic_value_dims.py: the critic output is squeezed to (B,) before nn.MSELoss, so it matches the returns.
# Our own code, written after the report (not copied from it); data from a small numpy reaching simulation.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(0)
torch.manual_seed(0)
L1, L2, DT, GAMMA, HORIZON = 0.30, 0.25, 0.05, 0.95, 40


def fk(q):
    x = L1 * np.cos(q[..., 0]) + L2 * np.cos(q[..., 0] + q[..., 1])
    y = L1 * np.sin(q[..., 0]) + L2 * np.sin(q[..., 0] + q[..., 1])
    return np.stack([x, y], -1)


def rollout_returns(n_episodes=600):
    """PD controller drives a 2-link arm towards a random joint goal; we log the start state and its return."""
    q = np.random.uniform([-1.5, 0.2], [1.5, 2.5], size=(n_episodes, 2))
    dq = np.random.uniform(-1.0, 1.0, size=(n_episodes, 2))
    q_goal = np.random.uniform([-1.5, 0.2], [1.5, 2.5], size=(n_episodes, 2))
    goal_xy = fk(q_goal)
    states = np.concatenate([q, dq, goal_xy], axis=1)
    ret = np.zeros(n_episodes)
    for t in range(HORIZON):
        tau = 4.0 * (q_goal - q) - 1.5 * dq          # PD torque, joints saturate at 2 Nm
        tau = np.clip(tau, -2.0, 2.0)
        dq = dq + DT * (tau - 0.5 * dq)
        q = q + DT * dq
        reward = -np.linalg.norm(fk(q) - goal_xy, axis=1)   # distance to goal in metres
        ret += (GAMMA ** t) * reward
    return states.astype(np.float32), ret.astype(np.float32)


class ReturnDataset(Dataset):
    def __init__(self, states, returns):
        self.s, self.g = states, returns

    def __len__(self):
        return len(self.s)

    def __getitem__(self, i):
        return torch.from_numpy(self.s[i]), torch.tensor(self.g[i])


class Critic(nn.Module):
    def __init__(self, obs_dim=6, hid=64):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(obs_dim, hid), nn.Tanh(), nn.Linear(hid, hid), nn.Tanh(), nn.Linear(hid, 1))

    def forward(self, s):
        return self.net(s)          # [B, 1], like the PPO critic in the report


class Trainer:
    def __init__(self, critic, lr=3e-3):
        self.critic = critic
        self.opt = torch.optim.Adam(critic.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()

    def fit(self, loader, epochs=80):
        for ep in range(epochs):
            tot = 0.0
            for s, g in loader:
                v = self.critic(s).squeeze(-1)   # [B, 1] -> [B] to match the returns
                loss = self.loss_fn(v, g)
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
                tot += loss.item()
            if ep % 20 == 0:
                print(f"epoch {ep:3d} critic loss {tot / len(loader):.4f}")


states, returns = rollout_returns()
print("return range", returns.min(), returns.max())
loader = DataLoader(ReturnDataset(states, returns), batch_size=64, shuffle=True)
trainer = Trainer(Critic())
trainer.fit(loader)

with torch.no_grad():
    v = trainer.critic(torch.from_numpy(states)).squeeze(-1)
    g = torch.from_numpy(returns)
    r2 = 1 - ((v - g) ** 2).mean() / g.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
