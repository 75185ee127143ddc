# Rebuilt from: https://github.com/pythonlessons/Reinforcement_Learning/issues/6
# Report: In the PPO agent the discounted rewards are stacked with np.vstack (shape (n,1)) and then
#   combined with the critic's predicted values (shape (n,)); the reporter noticed the result silently
#   becomes (n,n), so the value target / advantages are wrong and the critic does not learn per state.
# Fixed twin of 333_ppo_critic_vstack.py: returns kept 1-D (np.concatenate, no np.vstack) so values and returns are both (n,)
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(0)
torch.manual_seed(0)

GAMMA = 0.95
DT = 0.1


def run_episode(steps=40):
    # 1-D point mass: position in metres, velocity in m/s, push force from a noisy P-controller
    x, v = np.random.uniform(-2.0, 2.0), np.random.uniform(-1.0, 1.0)
    states, rewards = [], []
    for _ in range(steps):
        force = -1.5 * x - 0.8 * v + np.random.normal(0, 0.5)
        states.append([x, v])
        v = v + force * DT
        x = x + v * DT
        rewards.append(-(x ** 2) - 0.1 * v ** 2)
    return np.array(states, dtype=np.float32), np.array(rewards, dtype=np.float32)


def discount_rewards(reward):
    running = 0.0
    discounted_r = np.zeros_like(reward)
    for i in reversed(range(len(reward))):
        running = running * GAMMA + reward[i]
        discounted_r[i] = running
    return discounted_r


all_states, all_returns = [], []
for ep in range(30):
    s, r = run_episode()
    all_states.append(s)
    all_returns.append(discount_rewards(r))
states = np.concatenate(all_states)
discounted_r = np.concatenate(all_returns)                  # (n,)

critic = nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))
opt = torch.optim.Adam(critic.parameters(), lr=1e-2)

states_t = torch.tensor(states)
returns_t = torch.tensor(discounted_r)

for epoch in range(80):
    perm = torch.randperm(len(states_t))
    for i in range(0, len(perm), 256):
        idx = perm[i:i + 256]
        values = critic(states_t[idx])[:, 0]                  # (b,)
        loss = F.mse_loss(values, returns_t[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 40 == 0:
        print(f"epoch {epoch} critic loss {loss.item():.4f}")

with torch.no_grad():
    values = critic(states_t)[:, 0]
    advantages = returns_t - values                           # as in the report
    y = returns_t.view(-1)
    r2 = 1 - ((values - y) ** 2).mean() / y.var(unbiased=False)
print("advantages shape", tuple(advantages.shape))
print(f"RESULT r2={r2.item():.3f}")
