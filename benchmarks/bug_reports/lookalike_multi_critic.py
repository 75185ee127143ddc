# Rebuilt from: https://github.com/InternRobotics/HoST/issues/5
# Report: A user worried that the multi-critic update couples the critics: the value batch is built
#   with torch.concat([critic(obs) for critic in multi_critics], dim=-1) and trained with
#   (returns_batch - value_batch).pow(2).mean(); the maintainers showed each critic's gradient only
#   depends on its own column, so the joint mean is equivalent to independent per-critic MSE losses.
# Not a bug (a look-alike that must stay silent): value_batch is (B,K) and returns_batch is (B,K) with one
#   column per reward group, so the squared error is elementwise with no broadcasting.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(8); torch.manual_seed(8)
torch.set_num_threads(1)
GAMMA, K = 0.9, 3


class StandUpEnv:
    """toy 'humanoid getting up': height h and velocity v; three reward groups (task, style, energy)"""
    def __init__(self, n=32):
        self.n = n

    def reset(self):
        self.h, self.v = np.random.uniform(0, 0.3, self.n), np.zeros(self.n)
        return np.stack([self.h, self.v], 1).astype(np.float32)

    def step(self, a):
        self.v = 0.8 * self.v + 0.1 * a
        self.h = np.clip(self.h + self.v, 0, 1)
        rew = np.stack([self.h, -np.abs(self.v), -0.05 * a ** 2], 1)          # (n, K)
        return np.stack([self.h, self.v], 1).astype(np.float32), rew


def policy(obs):                                    # fixed stochastic controller being evaluated
    return np.clip(1.0 - 2 * obs[:, 0] + np.random.normal(0, 0.05, len(obs)), -1, 1)


def rollout(env, T=60):
    o, traj = env.reset(), []
    for _ in range(T):
        a = policy(o)
        o2, r = env.step(a)
        traj.append((o, r)); o = o2
    obs, ret, g = [], [], np.zeros((env.n, K))
    for t in reversed(range(T)):
        g = traj[t][1] + GAMMA * g
        if t < 20:                                  # early steps: the truncated tail is negligible
            obs.append(traj[t][0]); ret.append(g.copy())
    return torch.tensor(np.concatenate(obs)), torch.tensor(np.concatenate(ret), dtype=torch.float32)


multi_critics = nn.ModuleList([nn.Sequential(nn.Linear(2, 64), nn.ELU(), nn.Linear(64, 1)) for _ in range(K)])
optimizer = torch.optim.Adam(multi_critics.parameters(), lr=3e-3)
env = StandUpEnv()
for it in range(150):
    obs_batch, returns_batch = rollout(env)
    for _ in range(4):
        value_batch = torch.concat([critic(obs_batch) for critic in multi_critics], dim=-1)   # (B, K)
        value_loss = (returns_batch - value_batch).pow(2).mean()
        optimizer.zero_grad(); value_loss.backward(); optimizer.step()

with torch.no_grad():
    pred = torch.concat([critic(obs_batch) for critic in multi_critics], dim=-1)
r2 = 1 - ((pred - returns_batch) ** 2).mean(0) / returns_batch.var(0)
print("per-critic r2", [round(x, 3) for x in r2.tolist()])
print(f"RESULT r2={r2.mean().item():.3f}")
