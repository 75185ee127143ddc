# Rebuilt from: https://github.com/Unity-Technologies/ml-agents/issues/5583
# Report: A custom environment has observations on very different scales (e.g. 1000 m vs 1 rad), so
#   observation normalization is switched on; after the critic was moved into the PPO optimizer, PPO stopped
#   learning. The reporter found that only the actor's normalizer was still updated from trajectories, so the
#   critic saw the raw observations; updating the critic's normalizer too fixed it (PR #5588).
# Fixed twin of 369_ppo_critic_unnormalized_obs.py: _process_trajectory also updates the critic's normalizer
#   from the trajectory observations, so the value network sees standardized inputs (as in PR #5588).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)


# ---------------------------------------------------------------------------
# environment: drive a rover towards a goal; distance in metres, heading error in rad, speed in m/s
# ---------------------------------------------------------------------------
class RoverEnv:
    def __init__(self, n_envs, seed):
        self.n = n_envs
        self.rng = np.random.default_rng(seed)

    def reset(self):
        self.dist = self.rng.uniform(0.0, 1000.0, self.n)
        self.heading = self.rng.uniform(-np.pi, np.pi, self.n)
        self.speed = self.rng.uniform(0.0, 15.0, self.n)
        return self._obs()

    def _obs(self):
        return np.stack([self.dist, self.heading, self.speed], axis=1).astype(np.float32)

    def step(self, action):
        throttle, steer = action[:, 0], action[:, 1]
        self.speed = np.clip(self.speed + 1.5 * throttle - 0.05 * self.speed, 0.0, 15.0)
        self.heading = self.heading + 0.4 * steer + self.rng.normal(0, 0.05, self.n)
        self.heading = (self.heading + np.pi) % (2 * np.pi) - np.pi
        self.dist = np.clip(self.dist - self.speed * np.cos(self.heading), 0.0, 1000.0)
        reward = -self.dist / 1000.0 + 0.2 * np.cos(self.heading)
        return self._obs(), reward.astype(np.float32)


# ---------------------------------------------------------------------------
# networks
# ---------------------------------------------------------------------------
class Normalizer(nn.Module):
    def __init__(self, vec_obs_size):
        super().__init__()
        self.normalization_steps = torch.tensor(1.0)
        self.running_mean = torch.zeros(vec_obs_size)
        self.running_variance = torch.ones(vec_obs_size)

    def forward(self, inputs):
        std = torch.sqrt(self.running_variance / self.normalization_steps)
        return torch.clamp((inputs - self.running_mean) / std, -5, 5)

    def update(self, vector_input):
        steps_increment = vector_input.shape[0]
        total_new_steps = self.normalization_steps + steps_increment
        input_to_old_mean = vector_input - self.running_mean
        new_mean = self.running_mean + (input_to_old_mean / total_new_steps).sum(0)
        input_to_new_mean = vector_input - new_mean
        new_variance = self.running_variance + (input_to_new_mean * input_to_old_mean).sum(0)
        self.running_mean = new_mean
        self.running_variance = new_variance
        self.normalization_steps = total_new_steps


class Swish(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(x)


class VectorEncoder(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, normalize=False):
        super().__init__()
        self.normalizer = Normalizer(input_size) if normalize else None
        layers = [nn.Linear(input_size, hidden_size), Swish()]
        for _ in range(num_layers - 1):
            layers += [nn.Linear(hidden_size, hidden_size), Swish()]
        self.seq_layers = nn.Sequential(*layers)

    def forward(self, inputs):
        if self.normalizer is not None:
            inputs = self.normalizer(inputs)
        return self.seq_layers(inputs)

    def update_normalization(self, inputs):
        if self.normalizer is not None:
            self.normalizer.update(inputs)


class SimpleActor(nn.Module):
    def __init__(self, obs_size, act_size, settings):
        super().__init__()
        self.encoder = VectorEncoder(obs_size, settings["hidden_units"], settings["num_layers"],
                                     normalize=settings["normalize"])
        self.mu = nn.Linear(settings["hidden_units"], act_size)
        self.log_std = nn.Parameter(torch.full((act_size,), -0.5))

    def distribution(self, obs):
        return torch.distributions.Normal(self.mu(self.encoder(obs)), self.log_std.exp())

    def update_normalization(self, obs):
        self.encoder.update_normalization(obs)


class ValueNetwork(nn.Module):
    def __init__(self, obs_size, settings):
        super().__init__()
        self.encoder = VectorEncoder(obs_size, settings["hidden_units"], settings["num_layers"],
                                     normalize=settings["normalize"])
        self.value_head = nn.Linear(settings["hidden_units"], 1)

    def critic_pass(self, obs):
        return self.value_head(self.encoder(obs)).squeeze(-1)

    def update_normalization(self, obs):
        self.encoder.update_normalization(obs)


class TorchPolicy:
    def __init__(self, obs_size, act_size, settings):
        self.actor = SimpleActor(obs_size, act_size, settings)

    def get_action(self, obs):
        with torch.no_grad():
            dist = self.actor.distribution(torch.as_tensor(obs))
            action = dist.sample()
            log_prob = dist.log_prob(action).sum(-1)
        return action.numpy(), log_prob.numpy()

    def update_normalization(self, obs):
        self.actor.update_normalization(torch.as_tensor(obs))


class TorchPPOOptimizer:
    def __init__(self, policy, obs_size, settings):
        self.policy = policy
        self.critic = ValueNetwork(obs_size, settings)
        params = list(policy.actor.parameters()) + list(self.critic.parameters())
        self.optimizer = torch.optim.Adam(params, lr=settings["learning_rate"])
        self.epsilon = settings["epsilon"]

    def get_values(self, obs):
        with torch.no_grad():
            return self.critic.critic_pass(torch.as_tensor(obs)).numpy()

    def update(self, batch):
        obs = torch.as_tensor(batch["obs"])
        dist = self.policy.actor.distribution(obs)
        log_probs = dist.log_prob(torch.as_tensor(batch["actions"])).sum(-1)
        ratio = torch.exp(log_probs - torch.as_tensor(batch["log_probs"]))
        adv = torch.as_tensor(batch["advantages"])
        adv = (adv - adv.mean()) / (adv.std() + 1e-8)
        policy_loss = -torch.min(ratio * adv, torch.clamp(ratio, 1 - self.epsilon, 1 + self.epsilon) * adv).mean()
        values = self.critic.critic_pass(obs)
        value_loss = ((torch.as_tensor(batch["returns"]) - values) ** 2).mean()
        loss = policy_loss + 0.5 * value_loss
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return value_loss.item()


# ---------------------------------------------------------------------------
# trainer
# ---------------------------------------------------------------------------
def discounted_returns(rewards, gamma):
    out = np.zeros_like(rewards)
    running = np.zeros(rewards.shape[1], dtype=np.float32)
    for t in reversed(range(rewards.shape[0])):
        running = rewards[t] + gamma * running
        out[t] = running
    return out


class PPOTrainer:
    def __init__(self, env, settings):
        self.env = env
        self.settings = settings
        self.policy = TorchPolicy(3, 2, settings)
        self.optimizer = TorchPPOOptimizer(self.policy, 3, settings)
        self.is_training = True

    def collect_trajectory(self, env):
        obs = env.reset()
        obs_list, act_list, logp_list, rew_list = [], [], [], []
        for _ in range(self.settings["time_horizon"]):
            action, log_prob = self.policy.get_action(obs)
            next_obs, reward = env.step(np.tanh(action))
            obs_list.append(obs)
            act_list.append(action)
            logp_list.append(log_prob)
            rew_list.append(reward)
            obs = next_obs
        keep = self.settings["time_horizon"] // 2
        returns = discounted_returns(np.array(rew_list), self.settings["gamma"])
        return {
            "obs": np.concatenate(obs_list[:keep]),
            "actions": np.concatenate(act_list[:keep]),
            "log_probs": np.concatenate(logp_list[:keep]),
            "returns": returns[:keep].reshape(-1),
        }

    def _process_trajectory(self, trajectory):
        if self.is_training:
            self.policy.update_normalization(trajectory["obs"])
            self.optimizer.critic.update_normalization(torch.as_tensor(trajectory["obs"]))
        values = self.optimizer.get_values(trajectory["obs"])
        trajectory["advantages"] = trajectory["returns"] - values
        return trajectory

    def _update_policy(self, buffer):
        n = len(buffer["obs"])
        losses = []
        for _ in range(self.settings["num_epoch"]):
            perm = np.random.permutation(n)
            for start in range(0, n, self.settings["batch_size"]):
                idx = perm[start:start + self.settings["batch_size"]]
                losses.append(self.optimizer.update({k: v[idx] for k, v in buffer.items()}))
        return float(np.mean(losses))

    def advance(self, iteration):
        trajectory = self.collect_trajectory(self.env)
        buffer = self._process_trajectory(trajectory)
        value_loss = self._update_policy(buffer)
        if iteration % 10 == 0:
            print(f"iter {iteration:3d}  value loss {value_loss:.4f}")


settings = dict(hidden_units=64, num_layers=2, normalize=True, learning_rate=3e-4, epsilon=0.2,
                gamma=0.9, time_horizon=96, batch_size=256, num_epoch=3)

trainer = PPOTrainer(RoverEnv(n_envs=32, seed=1), settings)
for it in range(40):
    trainer.advance(it)

# explained variance of the critic on fresh rollouts
trainer.is_training = False
eval_traj = trainer.collect_trajectory(RoverEnv(n_envs=64, seed=123))
values = trainer.optimizer.get_values(eval_traj["obs"])
returns = eval_traj["returns"]
r2 = 1.0 - np.var(returns - values) / np.var(returns)
print(f"RESULT r2={r2:.4f}")
