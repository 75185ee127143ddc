# Rebuilt from: https://github.com/Unity-Technologies/ml-agents/pull/4722
# Report: ml-agents found that the critic's observation normalizer was never updated when the actor and
#   critic were separate networks (SeparateActorCritic); the trainer only called
#   policy.update_normalization. With the shared actor-critic the value head sits on the actor's own
#   network body, so that one call also normalizes what the critic sees; only the separate case needed the fix.
# Not a bug (a look-alike that must stay silent): _process_trajectory updates only the policy's
#   normalization, but the value head reads the actor's NetworkBody, whose Normalizer is the one updated.
# Our own code, written after the report (not copied from it)
from typing import List, NamedTuple

import numpy as np
import torch
import torch.nn as nn


class Normalizer(nn.Module):
    def __init__(self, vec_obs_size: int):
        super().__init__()
        self.register_buffer("normalization_steps", torch.tensor(1))
        self.register_buffer("running_mean", torch.zeros(vec_obs_size))
        self.register_buffer("running_variance", torch.ones(vec_obs_size))

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        normalized_state = torch.clamp(
            (inputs - self.running_mean) / torch.sqrt(self.running_variance / self.normalization_steps),
            -5,
            5,
        )
        return normalized_state

    def update(self, vector_input: torch.Tensor) -> None:
        with torch.no_grad():
            steps_increment = vector_input.size()[0]
            total_new_steps = self.normalization_steps + steps_increment
            input_to_old_mean = vector_input - self.running_mean
            new_mean = self.running_mean + (input_to_old_mean / total_new_steps).sum(0)
            input_to_new_mean = vector_input - new_mean
            new_variance = self.running_variance + (input_to_new_mean * input_to_old_mean).sum(0)
            self.running_mean.data.copy_(new_mean.data)
            self.running_variance.data.copy_(new_variance.data)
            self.normalization_steps.data.copy_(total_new_steps.data)


class VectorInput(nn.Module):
    def __init__(self, input_size: int, normalize: bool = False):
        super().__init__()
        self.normalizer = Normalizer(input_size) if normalize else None

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        if self.normalizer is not None:
            inputs = self.normalizer(inputs)
        return inputs

    def update_normalization(self, inputs: torch.Tensor) -> None:
        if self.normalizer is not None:
            self.normalizer.update(inputs)


class NetworkSettings(NamedTuple):
    normalize: bool = True
    hidden_units: int = 64
    num_layers: int = 2


class NetworkBody(nn.Module):
    def __init__(self, obs_size: int, settings: NetworkSettings):
        super().__init__()
        self.vector_processor = VectorInput(obs_size, settings.normalize)
        layers: List[nn.Module] = [nn.Linear(obs_size, settings.hidden_units), nn.SiLU()]
        for _ in range(settings.num_layers - 1):
            layers += [nn.Linear(settings.hidden_units, settings.hidden_units), nn.SiLU()]
        self.linear_encoder = nn.Sequential(*layers)

    def update_normalization(self, vec_input: torch.Tensor) -> None:
        self.vector_processor.update_normalization(vec_input)

    def forward(self, vec_input: torch.Tensor) -> torch.Tensor:
        return self.linear_encoder(self.vector_processor(vec_input))


class SimpleActor(nn.Module):
    def __init__(self, obs_size: int, n_actions: int, settings: NetworkSettings):
        super().__init__()
        self.network_body = NetworkBody(obs_size, settings)
        self.action_head = nn.Linear(settings.hidden_units, n_actions)

    def update_normalization(self, vec_input: torch.Tensor) -> None:
        self.network_body.update_normalization(vec_input)

    def get_dist(self, vec_input: torch.Tensor) -> torch.distributions.Categorical:
        return torch.distributions.Categorical(logits=self.action_head(self.network_body(vec_input)))


class SharedActorCritic(SimpleActor):
    def __init__(self, obs_size: int, n_actions: int, settings: NetworkSettings):
        super().__init__(obs_size, n_actions, settings)
        self.value_head = nn.Linear(settings.hidden_units, 1)

    def critic_pass(self, vec_input: torch.Tensor) -> torch.Tensor:
        return self.value_head(self.network_body(vec_input))


class TorchPolicy:
    def __init__(self, obs_size: int, n_actions: int, settings: NetworkSettings):
        self.actor = SharedActorCritic(obs_size, n_actions, settings)

    def update_normalization(self, vec_input: torch.Tensor) -> None:
        self.actor.update_normalization(vec_input)

    def sample_actions(self, obs: np.ndarray):
        with torch.no_grad():
            dist = self.actor.get_dist(torch.as_tensor(obs))
            action = dist.sample()
            return action.numpy(), dist.log_prob(action).numpy()


class TorchPPOOptimizer:
    def __init__(self, policy: TorchPolicy, obs_size: int, settings: NetworkSettings,
                 learning_rate=3e-4, epsilon=0.2, beta=5e-3, num_epoch=3, batch_size=256):
        self.policy = policy
        self.critic = self.policy.actor.critic_pass
        params = list(self.policy.actor.parameters())
        self.optimizer = torch.optim.Adam(params, lr=learning_rate)
        self.epsilon = epsilon
        self.beta = beta
        self.num_epoch = num_epoch
        self.batch_size = batch_size

    def update(self, buffer: dict) -> dict:
        obs = torch.as_tensor(buffer["obs"])
        actions = torch.as_tensor(buffer["actions"])
        old_log_probs = torch.as_tensor(buffer["log_probs"])
        returns = torch.as_tensor(buffer["returns"]).unsqueeze(-1)
        with torch.no_grad():
            values = self.critic(obs)
        advantages = (returns - values).squeeze(-1)
        advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8)

        stats = {}
        for _ in range(self.num_epoch):
            perm = torch.randperm(obs.shape[0])
            for start in range(0, obs.shape[0], self.batch_size):
                idx = perm[start:start + self.batch_size]
                dist = self.policy.actor.get_dist(obs[idx])
                log_probs = dist.log_prob(actions[idx])
                r_theta = torch.exp(log_probs - old_log_probs[idx])
                p_opt_a = r_theta * advantages[idx]
                p_opt_b = torch.clamp(r_theta, 1.0 - self.epsilon, 1.0 + self.epsilon) * advantages[idx]
                policy_loss = -torch.min(p_opt_a, p_opt_b).mean()
                value_estimates = self.critic(obs[idx])
                value_loss = ((returns[idx] - value_estimates) ** 2).mean()
                loss = policy_loss + 0.5 * value_loss - self.beta * dist.entropy().mean()
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
                stats = {"Losses/Policy Loss": policy_loss.item(), "Losses/Value Loss": value_loss.item()}
        return stats


class DriveToGoalEnv:
    """Vehicles at 15 m/s steer towards a goal somewhere in a 1 km x 1 km yard."""

    def __init__(self, num_envs=64, episode_len=64, seed=0):
        self.num_envs = num_envs
        self.episode_len = episode_len
        self.rng = np.random.RandomState(seed)

    def reset(self):
        self.pos = self.rng.uniform(0, 1000, (self.num_envs, 2))
        self.goal = self.rng.uniform(0, 1000, (self.num_envs, 2))
        self.heading = self.rng.uniform(-np.pi, np.pi, self.num_envs)
        self.arrived = np.zeros(self.num_envs, dtype=bool)
        self.t = 0
        return self._obs()

    def _obs(self):
        delta = self.goal - self.pos
        self.dist = np.linalg.norm(delta, axis=1)
        bearing = np.arctan2(delta[:, 1], delta[:, 0])
        angle_err = (bearing - self.heading + np.pi) % (2 * np.pi) - np.pi
        steps_left = np.full(self.num_envs, self.episode_len - self.t, dtype=np.float64)
        return np.stack([self.dist, angle_err, steps_left], axis=1).astype(np.float32)

    def step(self, action):
        self.heading = self.heading + (action - 1) * 0.3
        moving = (~self.arrived)[:, None]
        self.pos = self.pos + np.stack([np.cos(self.heading), np.sin(self.heading)], axis=1) * 15.0 * moving
        old_dist = self.dist
        self.t += 1
        obs = self._obs()
        reward = (old_dist - self.dist) / 100.0 * (~self.arrived)
        self.arrived = self.arrived | (self.dist < 20.0)
        return obs, reward.astype(np.float32)


class PPOTrainer:
    def __init__(self, env: DriveToGoalEnv, obs_size=3, n_actions=3, gamma=0.99):
        settings = NetworkSettings(normalize=True, hidden_units=64, num_layers=2)
        self.env = env
        self.gamma = gamma
        self.policy = TorchPolicy(obs_size, n_actions, settings)
        self.optimizer = TorchPPOOptimizer(self.policy, obs_size, settings)

    def collect_trajectory(self):
        obs_list, act_list, logp_list, rew_list = [], [], [], []
        obs = self.env.reset()
        for _ in range(self.env.episode_len):
            action, log_prob = self.policy.sample_actions(obs)
            next_obs, reward = self.env.step(action)
            obs_list.append(obs)
            act_list.append(action)
            logp_list.append(log_prob)
            rew_list.append(reward)
            obs = next_obs
        rewards = np.stack(rew_list)
        returns = np.zeros_like(rewards)
        running = np.zeros(self.env.num_envs, dtype=np.float32)
        for t in reversed(range(len(rew_list))):
            running = rewards[t] + self.gamma * running
            returns[t] = running
        return {
            "obs": np.concatenate(obs_list),
            "actions": np.concatenate(act_list),
            "log_probs": np.concatenate(logp_list).astype(np.float32),
            "returns": returns.reshape(-1),
            "episode_return": rewards.sum(0).mean(),
        }

    def _process_trajectory(self, trajectory: dict) -> None:
        vec_obs = torch.as_tensor(trajectory["obs"])
        self.policy.update_normalization(vec_obs)

    def advance(self, iterations=40):
        for it in range(iterations):
            trajectory = self.collect_trajectory()
            self._process_trajectory(trajectory)
            stats = self.optimizer.update(trajectory)
            if it % 10 == 0:
                print("iter {:3d} mean return {:.3f} value loss {:.4f}".format(
                    it, trajectory["episode_return"], stats["Losses/Value Loss"]))


if __name__ == "__main__":
    torch.manual_seed(0)
    np.random.seed(0)
    trainer = PPOTrainer(DriveToGoalEnv(num_envs=64, episode_len=64, seed=0))
    trainer.advance(iterations=40)

    # explained variance of the critic on a fresh batch of episodes
    trajectory = trainer.collect_trajectory()
    with torch.no_grad():
        values = trainer.optimizer.critic(torch.as_tensor(trajectory["obs"])).squeeze(-1).numpy()
    returns = trajectory["returns"]
    r2 = 1.0 - ((returns - values) ** 2).sum() / ((returns - returns.mean()) ** 2).sum()
    print("final mean return {:.3f}".format(trajectory["episode_return"]))
    print("RESULT r2={:.4f}".format(r2))
