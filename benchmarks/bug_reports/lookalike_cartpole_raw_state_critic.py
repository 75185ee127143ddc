# Rebuilt from: https://github.com/pranz24/pytorch-soft-actor-critic/issues/46
# Report: A user noticed the SAC implementation never normalizes the state before the critic/actor networks
#   and asked whether that hurts; they suspected it might not matter because the networks can adapt.
# Not a bug (a look-alike that must stay silent): the raw cart-pole state (x in m, x_dot in m/s, theta in
#   rad, theta_dot in rad/s) is already of order 1, so the critic trains fine on it without standardization.
# Our own code, written after the report (not copied from it); numpy cart-pole physics, SAC-style Q(s, a) critic
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(5); torch.manual_seed(5)
torch.set_num_threads(1)

GRAVITY, M_CART, M_POLE, LENGTH, DT, GAMMA = 9.8, 1.0, 0.1, 0.5, 0.02, 0.95


def physics_step(state, force):
    x, x_dot, th, th_dot = state
    total_m, pm_l = M_CART + M_POLE, M_POLE * LENGTH
    temp = (force + pm_l * th_dot ** 2 * np.sin(th)) / total_m
    th_acc = (GRAVITY * np.sin(th) - np.cos(th) * temp) / (LENGTH * (4 / 3 - M_POLE * np.cos(th) ** 2 / total_m))
    x_acc = temp - pm_l * th_acc * np.cos(th) / total_m
    new = np.array([x + DT * x_dot, x_dot + DT * x_acc, th + DT * th_dot, th_dot + DT * th_acc])
    done = abs(new[0]) > 2.4 or abs(new[2]) > 0.21
    return new, done


def rollout(gain_noise):
    state = np.random.uniform(-0.05, 0.05, 4)
    k = np.array([1.0, 1.5, 18.0, 3.0]) * (1 + gain_noise)
    states, actions, rewards = [], [], []
    for t in range(200):
        force = float(np.clip(k @ state + np.random.normal(0, 3.0), -10, 10))
        states.append(state); actions.append([force / 10.0]); rewards.append(1.0)
        state, done = physics_step(state, force)
        if done:
            break
    returns, g = [], 0.0
    for r in reversed(rewards):
        g = r + GAMMA * g
        returns.append(g)
    return states, actions, returns[::-1]


memory_s, memory_a, memory_g = [], [], []
for ep in range(120):
    s, a, g = rollout(np.random.uniform(-0.6, 0.2))
    memory_s += s; memory_a += a; memory_g += g
S = torch.tensor(np.array(memory_s), dtype=torch.float32)   # raw physical state, not normalized
A = torch.tensor(memory_a, dtype=torch.float32)
G = torch.tensor(memory_g, dtype=torch.float32).unsqueeze(1)
print("state std per dim:", S.std(0).numpy().round(3), "n =", len(S))


class QNetwork(nn.Module):
    def __init__(self, num_inputs, num_actions, hidden_dim=128):
        super().__init__()
        self.linear1 = nn.Linear(num_inputs + num_actions, hidden_dim)
        self.linear2 = nn.Linear(hidden_dim, hidden_dim)
        self.linear3 = nn.Linear(hidden_dim, 1)

    def forward(self, state, action):
        xu = torch.cat([state, action], 1)
        return self.linear3(F.relu(self.linear2(F.relu(self.linear1(xu)))))


critic = QNetwork(4, 1)
critic_optim = torch.optim.Adam(critic.parameters(), lr=1e-3)
for it in range(1500):
    idx = torch.randint(0, len(S), (256,))
    qf = critic(S[idx], A[idx])
    qf_loss = F.mse_loss(qf, G[idx])
    critic_optim.zero_grad(); qf_loss.backward(); critic_optim.step()
    if it % 500 == 0:
        print(f"it {it} critic loss {qf_loss.item():.3f}")

with torch.no_grad():
    pred = critic(S, A)
r2 = 1 - F.mse_loss(pred, G) / G.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
