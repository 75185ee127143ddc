# Rebuilt from: https://github.com/allenai/allenact/pull/226
# Report: In review of the PPO/A2C loss rewrite, a maintainer worried that tensors shaped (5,5,1) and (5,5)
#   could broadcast to (5,5,5) when log-probs, entropies and advantages are combined; the author checked that
#   with torch.distributions log_prob the shapes line up and the loss behaves as intended.
# Not a bug (a look-alike that must stay silent): log_probs, advantages, returns and values are all kept as
#   (T, N, 1) in the rollout storage, so every product and difference is elementwise on equal shapes.
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn
from torch.distributions import Categorical

torch.manual_seed(0)
T, N_ENVS, OBS, N_ACT, GAMMA = 8, 16, 6, 3, 0.5


class ActorCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(OBS, 64), nn.Tanh())
        self.pi = nn.Linear(64, N_ACT)
        self.v = nn.Linear(64, 1)

    def forward(self, obs):
        h = self.body(obs)
        return Categorical(logits=self.pi(h)), self.v(h)          # values: [..., 1]


def env_reward(obs, act):
    # contextual bandit: the right action is the argmax of the first N_ACT observation entries
    return (obs[..., :N_ACT].argmax(-1) == act).float()


def rollout(model):
    obs = torch.randn(T, N_ENVS, OBS)
    with torch.no_grad():
        dist, _ = model(obs)
        actions = dist.sample().unsqueeze(-1)                     # (T, N, 1)
    rewards = env_reward(obs, actions.squeeze(-1)).unsqueeze(-1)   # (T, N, 1)
    returns = torch.zeros_like(rewards)
    running = torch.zeros(N_ENVS, 1)
    for t in reversed(range(T)):
        running = rewards[t] + GAMMA * running
        returns[t] = running
    return obs, actions, returns


def loss_per_step(model, obs, actions, returns):
    dist, values = model(obs)                                              # values (T, N, 1)
    action_log_probs = dist.log_prob(actions.squeeze(-1)).unsqueeze(-1)    # (T, N, 1)
    dist_entropy = dist.entropy().unsqueeze(-1)                            # (T, N, 1)
    advantages = (returns - values).detach()                               # (T, N, 1)
    advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-5)
    action_loss = -(action_log_probs * advantages).mean()
    value_loss = 0.5 * (returns - values).pow(2).mean()
    return action_loss + 0.5 * value_loss - 0.01 * dist_entropy.mean()


model = ActorCritic()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
for update in range(300):
    obs, actions, returns = rollout(model)
    loss = loss_per_step(model, obs, actions, returns)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if update % 50 == 0:
        print(f"update {update} mean return {returns.mean().item():.3f}")

test_obs = torch.randn(2000, OBS)
with torch.no_grad():
    greedy = model(test_obs)[0].probs.argmax(-1)
acc = env_reward(test_obs, greedy).mean().item()
print(f"RESULT acc={acc:.3f}")
