# Rebuilt from: https://github.com/MrSyee/pg-is-all-you-need/pull/7
# Report: While adding PPO to the tutorial notebooks, the author found that "no matter how long the agent
#   learned, it wasn't improved. It turned out that this was because of `shape`": env.step returned a flat
#   next_state and a scalar reward, so critic outputs, returns and log-probs ended up with different ranks.
#   Reshaping next_state / reward / done to (1, -1) in `step` (and expand_dims on the reset state) fixed it.
# Bug (planted: TL001): states and rewards are stored unbatched, so `returns` is (T,) while the critic's output
#   on a minibatch is (mb, 1); the critic loss (return_ - value).pow(2).mean() broadcasts to (mb, mb).
# Our own code, written after the report (not copied from it)
import random
from collections import deque
from types import SimpleNamespace
from typing import List, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.distributions import Normal

seed = 777
torch.manual_seed(seed)
np.random.seed(seed)
random.seed(seed)
torch.set_num_threads(1)


class SledEnv:
    """A sled on a rail has to be pushed to a goal mark; obs = (offset to goal, velocity, goal)."""

    def __init__(self, max_steps: int = 50, seed: int = 0):
        self.rng = np.random.default_rng(seed)
        self.max_steps = max_steps
        self.observation_space = SimpleNamespace(shape=(3,))
        self.action_space = SimpleNamespace(shape=(1,))

    def _obs(self) -> np.ndarray:
        return np.array([self.pos - self.goal, self.vel, self.goal], dtype=np.float64)

    def reset(self) -> np.ndarray:
        self.pos = self.rng.uniform(-1.0, 1.0)
        self.vel = 0.0
        self.goal = self.rng.uniform(-1.0, 1.0)
        self.t = 0
        return self._obs()

    def step(self, action: np.ndarray):
        u = float(np.clip(np.ravel(action)[0], -1.0, 1.0))
        self.vel = 0.8 * self.vel + 0.3 * u
        self.pos = self.pos + 0.2 * self.vel
        if abs(self.pos) > 1.5:
            self.pos = float(np.clip(self.pos, -1.5, 1.5))
            self.vel = 0.0
        self.t += 1
        reward = -abs(self.pos - self.goal) - 0.01 * u * u
        done = self.t >= self.max_steps
        return self._obs(), np.float64(reward), done, {}


def init_layer_uniform(layer: nn.Linear, init_w: float = 3e-3) -> nn.Linear:
    layer.weight.data.uniform_(-init_w, init_w)
    layer.bias.data.uniform_(-init_w, init_w)
    return layer


class Actor(nn.Module):
    def __init__(self, in_dim: int, out_dim: int, log_std_min: float = -2.5, log_std_max: float = 0.5):
        super(Actor, self).__init__()
        self.log_std_min = log_std_min
        self.log_std_max = log_std_max
        self.hidden = nn.Linear(in_dim, 64)
        self.log_std_layer = init_layer_uniform(nn.Linear(64, out_dim))
        self.mu_layer = init_layer_uniform(nn.Linear(64, out_dim))

    def forward(self, state: torch.Tensor):
        x = F.relu(self.hidden(state))
        mu = torch.tanh(self.mu_layer(x))
        log_std = torch.tanh(self.log_std_layer(x))
        log_std = self.log_std_min + 0.5 * (self.log_std_max - self.log_std_min) * (log_std + 1)
        std = torch.exp(log_std)
        dist = Normal(mu, std)
        action = dist.sample()
        return action, dist


class Critic(nn.Module):
    def __init__(self, in_dim: int):
        super(Critic, self).__init__()
        self.hidden = nn.Linear(in_dim, 64)
        self.hidden2 = nn.Linear(64, 64)
        self.out = init_layer_uniform(nn.Linear(64, 1))

    def forward(self, state: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.hidden(state))
        x = F.relu(self.hidden2(x))
        return self.out(x)


def compute_gae(next_value, rewards: list, masks: list, values: list, gamma: float, tau: float) -> List:
    values = values + [next_value]
    gae = 0
    returns: deque = deque()
    for step in reversed(range(len(rewards))):
        delta = rewards[step] + gamma * values[step + 1] * masks[step] - values[step]
        gae = delta + gamma * tau * masks[step] * gae
        returns.appendleft(gae + values[step])
    return list(returns)


def ppo_iter(epoch, mini_batch_size, states, actions, values, log_probs, returns, advantages):
    batch_size = states.size(0)
    for _ in range(epoch):
        for _ in range(batch_size // mini_batch_size):
            rand_ids = np.random.choice(batch_size, mini_batch_size)
            yield states[rand_ids, :], actions[rand_ids], values[rand_ids], \
                log_probs[rand_ids], returns[rand_ids], advantages[rand_ids]


class PPOAgent:
    def __init__(self, env, batch_size, gamma, tau, epsilon, epoch, rollout_len, entropy_weight):
        self.env = env
        self.gamma = gamma
        self.tau = tau
        self.batch_size = batch_size
        self.epsilon = epsilon
        self.epoch = epoch
        self.rollout_len = rollout_len
        self.entropy_weight = entropy_weight
        self.device = torch.device("cpu")

        obs_dim = env.observation_space.shape[0]
        action_dim = env.action_space.shape[0]
        self.actor = Actor(obs_dim, action_dim).to(self.device)
        self.critic = Critic(obs_dim).to(self.device)
        self.actor_optimizer = optim.Adam(self.actor.parameters(), lr=0.001)
        self.critic_optimizer = optim.Adam(self.critic.parameters(), lr=0.003)

        self.states: list = []
        self.actions: list = []
        self.rewards: list = []
        self.values: list = []
        self.masks: list = []
        self.log_probs: list = []
        self.total_step = 1
        self.is_test = False

    def select_action(self, state: np.ndarray) -> np.ndarray:
        state = torch.FloatTensor(state).to(self.device)
        action, dist = self.actor(state)
        selected_action = dist.mean if self.is_test else action
        if not self.is_test:
            value = self.critic(state)
            self.states.append(state)
            self.actions.append(selected_action)
            self.values.append(value)
            self.log_probs.append(dist.log_prob(selected_action))
        return selected_action.cpu().detach().numpy()

    def step(self, action: np.ndarray) -> Tuple[np.ndarray, np.float64, bool]:
        next_state, reward, done, _ = self.env.step(action)
        if not self.is_test:
            self.rewards.append(torch.FloatTensor([reward]).to(self.device))
            self.masks.append(torch.FloatTensor([1 - done]).to(self.device))
        return next_state, reward, done

    def update_model(self, next_state: np.ndarray):
        device = self.device
        next_state = torch.FloatTensor(next_state).to(device)
        next_value = self.critic(next_state)
        returns = compute_gae(next_value, self.rewards, self.masks, self.values, self.gamma, self.tau)

        states = torch.cat(self.states).view(-1, 3)
        actions = torch.cat(self.actions)
        returns = torch.cat(returns).detach()
        values = torch.cat(self.values).detach()
        log_probs = torch.cat(self.log_probs).detach()
        advantages = returns - values

        actor_losses, critic_losses = [], []
        for state, action, old_value, old_log_prob, return_, adv in ppo_iter(
            epoch=self.epoch, mini_batch_size=self.batch_size, states=states, actions=actions,
            values=values, log_probs=log_probs, returns=returns, advantages=advantages,
        ):
            _, dist = self.actor(state)
            log_prob = dist.log_prob(action)
            ratio = (log_prob - old_log_prob).exp()
            surr_loss = ratio * adv
            clipped_surr_loss = torch.clamp(ratio, 1.0 - self.epsilon, 1.0 + self.epsilon) * adv
            entropy = dist.entropy().mean()
            actor_loss = -torch.min(surr_loss, clipped_surr_loss).mean() - entropy * self.entropy_weight

            value = self.critic(state)
            critic_loss = (return_ - value).pow(2).mean()

            self.critic_optimizer.zero_grad()
            critic_loss.backward()
            self.critic_optimizer.step()

            self.actor_optimizer.zero_grad()
            actor_loss.backward()
            self.actor_optimizer.step()

            actor_losses.append(actor_loss.item())
            critic_losses.append(critic_loss.item())

        self.states, self.actions, self.rewards = [], [], []
        self.values, self.masks, self.log_probs = [], [], []
        return sum(actor_losses) / len(actor_losses), sum(critic_losses) / len(critic_losses)

    def train(self, num_frames: int):
        self.is_test = False
        state = self.env.reset()
        scores, score = [], 0
        while self.total_step <= num_frames:
            for _ in range(self.rollout_len):
                self.total_step += 1
                action = self.select_action(state)
                next_state, reward, done = self.step(action)
                state = next_state
                score += float(np.ravel(reward)[0])
                if np.ravel(done)[0]:
                    state = self.env.reset()
                    scores.append(score)
                    score = 0
            actor_loss, critic_loss = self.update_model(next_state)
            if (self.total_step // self.rollout_len) % 10 == 0:
                print(f"step {self.total_step:6d}  score {np.mean(scores[-10:]):8.3f}  "
                      f"actor {actor_loss:7.4f}  critic {critic_loss:7.4f}")


env = SledEnv(max_steps=50, seed=1)
agent = PPOAgent(env, batch_size=64, gamma=0.9, tau=0.8, epsilon=0.2, epoch=8, rollout_len=500,
                 entropy_weight=0.001)
agent.train(num_frames=10000)

# how well does the critic know the value of states visited by the final (greedy) policy?
agent.is_test = True
eval_env = SledEnv(max_steps=50, seed=99)
agent.env = eval_env
obs_list, disc_returns = [], []
for _ in range(40):
    state = eval_env.reset()
    ep_obs, ep_rew = [], []
    done = False
    while not done:
        ep_obs.append(np.ravel(state).copy())
        action = agent.select_action(state)
        state, reward, done = agent.step(action)
        done = bool(np.ravel(done)[0])
        ep_rew.append(float(np.ravel(reward)[0]))
    g, rtg = 0.0, []
    for r in reversed(ep_rew):
        g = r + agent.gamma * g
        rtg.append(g)
    rtg = rtg[::-1]
    obs_list.extend(ep_obs[:30])
    disc_returns.extend(rtg[:30])
with torch.no_grad():
    v = agent.critic(torch.FloatTensor(np.array(obs_list))).numpy().reshape(-1)
disc_returns = np.array(disc_returns)
r2 = 1.0 - np.sum((disc_returns - v) ** 2) / np.sum((disc_returns - disc_returns.mean()) ** 2)
print(f"RESULT r2={r2:.4f}")
