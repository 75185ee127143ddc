# Rebuilt from: https://github.com/yamatokataoka/reinforcement-learning-replications/issues/6
# Report: The author's VPG (REINFORCE + GAE) logged a value-function loss that kept increasing
#   (avg 97 -> 129) while the "Std Episode Value" printed ~0.016, i.e. the critic output one constant.
#   The fix merged with PR #7 (branch fix-value-loss-exploding) was to squeeze the value network's
#   (N, 1) output to (N,) before `_compute_value_function_loss(values, returns)`.
# Bug (planted: TL001): `all_values = self.value_function(all_observations_tensor)` is (N, 1) while
#   `discounted_returns_tensor` is (N,), so ((values - returns) ** 2).mean() in the helper averages an
#   (N, N) matrix and the critic only learns the mean return.
# Our own code, written after the report (not copied from it)
import logging
import sys
import time
from typing import List, Optional, Tuple

import numpy as np
import torch
import torch.nn as nn
from torch.distributions.categorical import Categorical

logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(message)s")
logger = logging.getLogger("vpg")


def seed_random_generators(seed: int) -> None:
  np.random.seed(seed)
  torch.manual_seed(seed)


def discount_cumulative_sum(vector: List[float], discount: float) -> np.ndarray:
  """[x0, x1, x2] -> [x0 + d*x1 + d^2*x2, x1 + d*x2, x2]"""
  out = np.zeros(len(vector), dtype=np.float32)
  running = 0.0
  for i in reversed(range(len(vector))):
    running = vector[i] + discount * running
    out[i] = running
  return out


class DriftToOriginEnv:
  """Tiny gym-like environment: push a noisy point towards the origin before time runs out."""

  def __init__(self, horizon: int = 25) -> None:
    self.horizon = horizon
    self.rng = np.random.RandomState(0)
    self.position = 0.0
    self.t = 0

  def seed(self, seed: int) -> None:
    self.rng = np.random.RandomState(seed)

  def _observation(self) -> np.ndarray:
    return np.array([self.position, 1.0 - self.t / self.horizon], dtype=np.float32)

  def reset(self) -> np.ndarray:
    self.position = self.rng.uniform(-2.0, 2.0)
    self.t = 0
    return self._observation()

  def step(self, action: np.ndarray) -> Tuple[np.ndarray, float, bool, dict]:
    self.position += 0.1 * (int(action) - 1) + 0.05 * self.rng.randn()
    self.t += 1
    reward = 1.0 - min(abs(self.position), 2.0)
    done = self.t >= self.horizon
    return self._observation(), float(reward), done, {}


class MLPPolicy(nn.Module):
  def __init__(self, sizes: List[int], learning_rate: float) -> None:
    super().__init__()
    layers: List[nn.Module] = []
    for i in range(len(sizes) - 1):
      layers.append(nn.Linear(sizes[i], sizes[i + 1]))
      if i < len(sizes) - 2:
        layers.append(nn.Tanh())
    self.network = nn.Sequential(*layers)
    self.optimizer = torch.optim.Adam(self.parameters(), lr=learning_rate)

  def forward(self, observation: torch.Tensor) -> Categorical:
    return Categorical(logits=self.network(observation))


class MLPValueFunction(nn.Module):
  def __init__(self, sizes: List[int], learning_rate: float) -> None:
    super().__init__()
    layers: List[nn.Module] = []
    for i in range(len(sizes) - 1):
      layers.append(nn.Linear(sizes[i], sizes[i + 1]))
      if i < len(sizes) - 2:
        layers.append(nn.Tanh())
    self.network = nn.Sequential(*layers)
    self.optimizer = torch.optim.Adam(self.parameters(), lr=learning_rate)

  def forward(self, observation: torch.Tensor) -> torch.Tensor:
    return self.network(observation)


class VPG():
  """
  Vanilla Policy Gradient (REINFORCE) with GAE for advantage estimation

  :param policy: (MLPPolicy) The policy
  :param value_function: (MLPValueFunction) The value function
  :param env: The environment to learn from
  :param gamma: (float) Discount factor
  :param gae_lambda: (float) Factor for trade-off of bias vs variance for GAE
  :param seed: (int) The seed for the pseudo-random generators
  :param n_value_gradients (int): Number of gradient descent steps to take on value function per epoch.
  """
  def __init__(
    self,
    policy: MLPPolicy,
    value_function: MLPValueFunction,
    env: DriftToOriginEnv,
    gamma: float = 0.95,
    gae_lambda: float = 0.97,
    seed: Optional[int] = None,
    n_value_gradients: int = 60
  ) -> None:
    self.policy = policy
    self.value_function = value_function
    self.env = env
    self.gamma = gamma
    self.gae_lambda = gae_lambda
    self.seed = seed
    self.n_value_gradients = n_value_gradients

    if self.seed is not None:
      seed_random_generators(self.seed)
      self.env.seed(self.seed)

  def learn(
    self,
    epochs: int = 15,
    steps_per_epoch: int = 600,
  ) -> None:
    epoch_policy_losses: List[float] = []
    epoch_value_losses: List[float] = []

    self.start_time = time.time()

    observation: np.ndarray = self.env.reset()

    for current_epoch in range(epochs):

      # e.g. [ep_one_return, ep_one_return, (repeat the episode length times) ..., ep_two_return, ...]
      episode_advantages: np.ndarray = np.zeros(steps_per_epoch, dtype=np.float32)
      discounted_returns: np.ndarray = np.zeros(steps_per_epoch, dtype=np.float32)

      all_observations: List[torch.Tensor] = []
      all_actions: List[torch.Tensor] = []

      episode_lengths: List[int] = []
      episode_returns: List[float] = []

      rewards: List[float] = []
      values: List[float] = []
      episode_length: int = 0

      for current_step in range(steps_per_epoch):
        observation_tensor: torch.Tensor = torch.from_numpy(observation).float()

        all_observations.append(observation_tensor)

        with torch.no_grad():
          policy_dist = self.policy(observation_tensor)
          value = self.value_function(observation_tensor)

        values.append(value.detach().item())

        action: torch.Tensor = policy_dist.sample()
        all_actions.append(action)

        observation, reward, episode_done, _ = self.env.step(action.numpy())

        rewards.append(reward)
        episode_length += 1

        epoch_ended = current_step == steps_per_epoch - 1

        if episode_done or epoch_ended:
          if epoch_ended and not episode_done:
            observation_tensor = torch.from_numpy(observation).float()
            with torch.no_grad():
              last_value = self.value_function(observation_tensor)
            last_value_float = last_value.detach().item()
          else:
            last_value_float = 0.0
          values.append(last_value_float)
          rewards.append(last_value_float)

          episode_slice = slice(current_step - episode_length + 1, current_step + 1)

          # GAE advantage
          values_ndarray: np.ndarray = np.asarray(values)
          deltas: np.ndarray = np.asarray(rewards[:-1]) + self.gamma * values_ndarray[1:] - values_ndarray[:-1]
          episode_advantages[episode_slice] = discount_cumulative_sum(list(deltas), self.gamma * self.gae_lambda)

          discounted_returns[episode_slice] = discount_cumulative_sum(rewards, self.gamma)[:-1]

          episode_returns.append(float(np.sum(rewards[:-1])))
          episode_lengths.append(episode_length)

          observation, episode_length = self.env.reset(), 0
          rewards, values = [], []

      all_observations_tensor: torch.Tensor = torch.stack(all_observations)
      all_actions_tensor: torch.Tensor = torch.stack(all_actions)

      policy_dists: Categorical = self.policy(all_observations_tensor)
      all_log_probs: torch.Tensor = policy_dists.log_prob(all_actions_tensor)

      episode_advantages_tensor: torch.Tensor = torch.from_numpy(episode_advantages)
      episode_advantages_tensor = (episode_advantages_tensor - episode_advantages_tensor.mean()) / episode_advantages_tensor.std()

      policy_loss: torch.Tensor = -(all_log_probs * episode_advantages_tensor).mean()

      self.policy.optimizer.zero_grad()
      policy_loss.backward()
      self.policy.optimizer.step()

      discounted_returns_tensor: torch.Tensor = torch.from_numpy(discounted_returns)

      for _ in range(self.n_value_gradients):
        all_values = self.value_function(all_observations_tensor)
        self.value_function.optimizer.zero_grad()
        value_loss = self._compute_value_function_loss(all_values, discounted_returns_tensor)
        value_loss.backward()
        self.value_function.optimizer.step()

      epoch_policy_losses.append(policy_loss.detach().item())
      epoch_value_losses.append(value_loss.detach().item())

      logger.info('Epoch: {:<3d} Avg return: {:<8.3g} Policy loss: {:<8.3g} Value loss: {:<8.3g} Std value: {:<8.3g}'.format(
        current_epoch, np.mean(episode_returns), policy_loss.item(), value_loss.item(), all_values.std().item()))

    logger.info('Time: {:<8.3g}'.format(time.time() - self.start_time))

  def _compute_value_function_loss(
    self,
    values: torch.Tensor,
    returns: torch.Tensor
  ) -> torch.Tensor:
    value_loss: torch.Tensor = ((values - returns) ** 2).mean()

    return value_loss


def evaluate_value_function(model: VPG, n_episodes: int = 30, seed: int = 123) -> float:
  """R^2 of V(s) against Monte-Carlo discounted returns on fresh, complete episodes."""
  env = DriftToOriginEnv()
  env.seed(seed)
  torch.manual_seed(seed)
  observations: List[np.ndarray] = []
  targets: List[np.ndarray] = []
  for _ in range(n_episodes):
    observation, done = env.reset(), False
    rewards: List[float] = []
    while not done:
      observations.append(observation)
      with torch.no_grad():
        action = model.policy(torch.from_numpy(observation).float()).sample()
      observation, reward, done, _ = env.step(action.numpy())
      rewards.append(reward)
    targets.append(discount_cumulative_sum(rewards, model.gamma))
  with torch.no_grad():
    predicted = model.value_function(torch.from_numpy(np.stack(observations))).numpy().ravel()
  actual = np.concatenate(targets)
  return float(1.0 - np.sum((actual - predicted) ** 2) / np.sum((actual - actual.mean()) ** 2))


if __name__ == "__main__":
  torch.set_num_threads(1)
  env = DriftToOriginEnv()
  seed_random_generators(0)
  policy = MLPPolicy(sizes=[2, 64, 64, 3], learning_rate=3e-4)
  value_function = MLPValueFunction(sizes=[2, 64, 64, 1], learning_rate=3e-3)

  model = VPG(policy, value_function, env, seed=0)
  model.learn(epochs=15, steps_per_epoch=600)

  r2 = evaluate_value_function(model)
  print(f"RESULT r2={r2:.4f}")
