# Rebuilt from: https://github.com/pytorch/examples/pull/301
# Report: After smooth_l1_loss started requiring matching shapes, the actor_critic example was updated;
#   the reviewer pointed out that it works simply by not unsqueezing the single state, so the value
#   head returns shape [1], which matches the per-step target torch.tensor([R]).
# Not a bug (a look-alike that must stay silent): every per-step loss compares state_value of shape (1,)
#   with torch.tensor([R]) of shape (1,); nothing is broadcast even though the losses are built in a loop.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(9); torch.manual_seed(9)
torch.set_num_threads(1)
GAMMA = 0.9


class Corridor:
    """walk right along a noisy 1-D corridor to reach the exit at x >= 1"""
    def reset(self):
        self.x, self.t = np.random.uniform(-1, 0.8), 0
        return np.array([self.x, self.t / 30], np.float32)

    def step(self, a):
        self.x += (0.12 if a == 1 else -0.04) + np.random.normal(0, 0.02)
        self.t += 1
        done = self.x >= 1 or self.t >= 30
        return np.array([self.x, self.t / 30], np.float32), (1.0 if self.x >= 1 else -0.05), done


class Policy(nn.Module):
    def __init__(self):
        super().__init__()
        self.affine1 = nn.Linear(2, 64)
        self.action_head = nn.Linear(64, 2)
        self.value_head = nn.Linear(64, 1)
        self.saved_actions, self.rewards = [], []

    def forward(self, x):
        x = F.relu(self.affine1(x))
        return F.softmax(self.action_head(x), dim=-1), self.value_head(x)


model = Policy()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
env = Corridor()


def select_action(state):
    state = torch.from_numpy(state).float()           # no unsqueeze: value comes out with shape [1]
    probs, state_value = model(state)
    m = torch.distributions.Categorical(probs)
    action = m.sample()
    model.saved_actions.append((m.log_prob(action), state_value))
    return action.item()


def finish_episode():
    R, returns, policy_losses, value_losses = 0, [], [], []
    for r in model.rewards[::-1]:
        R = r + GAMMA * R
        returns.insert(0, R)
    for (log_prob, value), R in zip(model.saved_actions, returns):
        advantage = R - value.item()
        policy_losses.append(-log_prob * advantage)
        value_losses.append(F.smooth_l1_loss(value, torch.tensor([R])))
    optimizer.zero_grad()
    loss = torch.stack(policy_losses).sum() + torch.stack(value_losses).sum()
    loss.backward()
    optimizer.step()
    values = [v.item() for _, v in model.saved_actions]
    del model.rewards[:], model.saved_actions[:]
    return values, returns


log_v, log_r = [], []
for i_episode in range(600):
    state, done = env.reset(), False
    while not done:
        state, reward, done = env.step(select_action(state))
        model.rewards.append(reward)
    v, r = finish_episode()
    if i_episode >= 500:                                # last 100 episodes form the evaluation set
        log_v += v; log_r += r

pred, y = torch.tensor(log_v), torch.tensor(log_r)
print(f"RESULT r2={(1 - ((pred - y) ** 2).mean() / y.var()).item():.3f}")
