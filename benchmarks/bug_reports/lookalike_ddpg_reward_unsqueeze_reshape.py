# Rebuilt from: https://github.com/UoA-CARES/cares_reinforcement_learning/pull/263
# Report: PR "Removed unsqueeze" took `rewards = rewards.unsqueeze(0).reshape(batch_size, 1)` (and the same for
#   dones) out of the train_policy methods of DDPG/TD3/SAC/CrossQ/... and kept only `.reshape(batch_size, 1)`;
#   the extra unsqueeze(0) looked like a shape fix but was redundant, the critic target was already
#   (batch, 1) like the critic output, so the PR is a pure clean-up with no change in training.
# Not a bug (a look-alike that must stay silent): rewards/dones come out of the buffer as (batch,) and are
#   reshaped to (batch, 1) before q_target = r + gamma * (1 - d) * Q'(s', a'); q_values and q_target are both
#   (batch, 1), so F.mse_loss is elementwise.
# Our own code, written after the report (not copied from it)
import copy
import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(3)
np.random.seed(3)
random.seed(3)
torch.set_num_threads(1)


class ValveEnv:
    """Open/close a valve so that the tank level tracks a set-point; obs = (level - setpoint, inflow, setpoint)."""

    def __init__(self, seed, max_steps=40):
        self.rng = np.random.default_rng(seed)
        self.max_steps = max_steps

    def reset(self):
        self.level = self.rng.uniform(-1.0, 1.0)
        self.inflow = 0.0
        self.setpoint = self.rng.uniform(-1.0, 1.0)
        self.t = 0
        return self._obs()

    def _obs(self):
        return np.array([self.level - self.setpoint, self.inflow, self.setpoint], dtype=np.float32)

    def step(self, action):
        u = float(np.clip(action[0], -1.0, 1.0))
        self.inflow = 0.7 * self.inflow + 0.3 * u
        self.level = float(np.clip(self.level + 0.25 * self.inflow, -1.5, 1.5))
        self.t += 1
        reward = -abs(self.level - self.setpoint) - 0.05 * u * u
        return self._obs(), reward, self.t >= self.max_steps


class MemoryBuffer:
    def __init__(self, max_capacity=100000):
        self.buffer = []
        self.max_capacity = max_capacity

    def add(self, state, action, reward, next_state, done):
        if len(self.buffer) >= self.max_capacity:
            self.buffer.pop(0)
        self.buffer.append((state, action, reward, next_state, done))

    def sample_uniform(self, batch_size):
        batch = random.sample(self.buffer, batch_size)
        states, actions, rewards, next_states, dones = zip(*batch)
        return states, actions, rewards, next_states, dones, None


class Actor(nn.Module):
    def __init__(self, observation_size, num_actions):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(observation_size, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(),
                                 nn.Linear(64, num_actions), nn.Tanh())

    def forward(self, state):
        return self.net(state)


class Critic(nn.Module):
    def __init__(self, observation_size, num_actions):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(observation_size + num_actions, 64), nn.ReLU(), nn.Linear(64, 64),
                                 nn.ReLU(), nn.Linear(64, 1))

    def forward(self, state, action):
        return self.net(torch.cat([state, action], dim=1))


def soft_update_params(net, target_net, tau):
    for param, target_param in zip(net.parameters(), target_net.parameters()):
        target_param.data.copy_(tau * param.data + (1 - tau) * target_param.data)


class DDPG:
    def __init__(self, actor_network, critic_network, gamma=0.9, tau=0.01, actor_lr=3e-4, critic_lr=1e-3):
        self.actor_net = actor_network
        self.critic_net = critic_network
        self.target_actor_net = copy.deepcopy(self.actor_net)
        self.target_critic_net = copy.deepcopy(self.critic_net)
        self.gamma = gamma
        self.tau = tau
        self.actor_net_optimiser = torch.optim.Adam(self.actor_net.parameters(), lr=actor_lr)
        self.critic_net_optimiser = torch.optim.Adam(self.critic_net.parameters(), lr=critic_lr)

    def select_action_from_policy(self, state, evaluation=False, noise_scale=0.2):
        self.actor_net.eval()
        with torch.no_grad():
            state_tensor = torch.FloatTensor(state).unsqueeze(0)
            action = self.actor_net(state_tensor).cpu().data.numpy().flatten()
            if not evaluation:
                action = np.clip(action + np.random.normal(0, noise_scale, size=action.shape), -1, 1)
        self.actor_net.train()
        return action

    def _update_critic(self, states, actions, rewards, next_states, dones):
        with torch.no_grad():
            next_actions = self.target_actor_net(next_states)
            target_q_values = self.target_critic_net(next_states, next_actions)
            q_target = rewards + self.gamma * (1 - dones) * target_q_values

        q_values = self.critic_net(states, actions)
        critic_loss = F.mse_loss(q_values, q_target)
        self.critic_net_optimiser.zero_grad()
        critic_loss.backward()
        self.critic_net_optimiser.step()
        return critic_loss.item()

    def _update_actor(self, states):
        actor_q = self.critic_net(states, self.actor_net(states))
        actor_loss = -actor_q.mean()
        self.actor_net_optimiser.zero_grad()
        actor_loss.backward()
        self.actor_net_optimiser.step()
        return actor_loss.item()

    def train_policy(self, memory, batch_size):
        experiences = memory.sample_uniform(batch_size)
        (states, actions, rewards, next_states, dones, _) = experiences
        batch_size = len(states)

        states_tensors = torch.FloatTensor(np.asarray(states))
        actions_tensors = torch.FloatTensor(np.asarray(actions))
        rewards_tensors = torch.FloatTensor(np.asarray(rewards))
        next_states_tensors = torch.FloatTensor(np.asarray(next_states))
        dones_tensors = torch.LongTensor(np.asarray(dones))

        # Reshape to batch_size x whatever
        rewards_tensors = rewards_tensors.unsqueeze(0).reshape(batch_size, 1)
        dones_tensors = dones_tensors.unsqueeze(0).reshape(batch_size, 1)

        info = {}
        info["critic_loss"] = self._update_critic(states_tensors, actions_tensors, rewards_tensors,
                                                  next_states_tensors, dones_tensors)
        info["actor_loss"] = self._update_actor(states_tensors)
        soft_update_params(self.critic_net, self.target_critic_net, self.tau)
        soft_update_params(self.actor_net, self.target_actor_net, self.tau)
        return info


env = ValveEnv(seed=0)
agent = DDPG(Actor(3, 1), Critic(3, 1))
memory = MemoryBuffer()
max_steps_exploration, max_steps_training, batch_size = 300, 2400, 64

state = env.reset()
episode_reward, episode_rewards = 0.0, []
for total_step in range(max_steps_training):
    if total_step < max_steps_exploration:
        action = np.random.uniform(-1, 1, size=1)
    else:
        action = agent.select_action_from_policy(state)
    next_state, reward, done = env.step(action)
    memory.add(state, action, reward, next_state, done)
    state = next_state
    episode_reward += reward
    if total_step >= max_steps_exploration:
        info = agent.train_policy(memory, batch_size)
    if done:
        episode_rewards.append(episode_reward)
        if len(episode_rewards) % 25 == 0:
            print(f"step {total_step:5d}  episode reward {np.mean(episode_rewards[-25:]):8.3f}  "
                  f"critic loss {info['critic_loss']:.4f}")
        state = env.reset()
        episode_reward = 0.0

# critic vs discounted return of the greedy policy on fresh episodes
eval_env = ValveEnv(seed=42)
obs, q_hat, returns = [], [], []
for _ in range(40):
    s = eval_env.reset()
    ep_s, ep_a, ep_r = [], [], []
    done = False
    while not done:
        a = agent.select_action_from_policy(s, evaluation=True)
        ep_s.append(s)
        ep_a.append(a)
        s, r, done = eval_env.step(a)
        ep_r.append(r)
    g, rtg = 0.0, []
    for r in reversed(ep_r):
        g = r + agent.gamma * g
        rtg.append(g)
    rtg = rtg[::-1]
    with torch.no_grad():
        q = agent.critic_net(torch.FloatTensor(np.array(ep_s[:25])), torch.FloatTensor(np.array(ep_a[:25])))
    q_hat.extend(q.numpy().reshape(-1))
    returns.extend(rtg[:25])
q_hat, returns = np.array(q_hat), np.array(returns)
r2 = 1.0 - np.sum((returns - q_hat) ** 2) / np.sum((returns - returns.mean()) ** 2)
print(f"RESULT r2={r2:.4f}")
