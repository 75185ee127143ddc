# Rebuilt from: https://github.com/rlworkgroup/garage/issues/1418
# Report: "CNN Q functions don't normalize images correctly": in garage's DiscreteCNNQFunction the pixel
#   observations were meant to be divided by 255 inside the Q function, but the observations were passed
#   directly to the model instead of through the normalizing input placeholder, so the convolutional Q
#   network was trained on raw 0..255 pixels (fixed by PR #1419).
# Fixed twin of 402_garage_cnn_q_pixels.py: the Q function's forward divides the pixel observations by 255 before
#   the first convolution, as garage meant to.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(3)
torch.manual_seed(3)
torch.set_num_threads(1)

SIZE = 7
N_ACTIONS = 4
GAMMA = 0.9


class GridEnv:
    """Agent (green) walks to a goal (red) on a textured floor; observations are RGB frames."""

    moves = [(-1, 0), (1, 0), (0, -1), (0, 1)]

    def __init__(self, rng):
        self.rng = rng

    def reset(self):
        self.agent = self.rng.integers(0, SIZE, 2)
        self.goal = self.rng.integers(0, SIZE, 2)
        self.t = 0
        return self.render()

    def render(self):
        frame = self.rng.integers(60, 110, size=(SIZE, SIZE, 3)).astype(np.uint8)
        frame[self.goal[0], self.goal[1]] = (230, 30, 30)
        frame[self.agent[0], self.agent[1]] = (30, 230, 30)
        return frame

    def step(self, action):
        dy, dx = self.moves[action]
        self.agent = np.clip(self.agent + (dy, dx), 0, SIZE - 1)
        self.t += 1
        done = bool((self.agent == self.goal).all()) or self.t >= 20
        reward = 1.0 if (self.agent == self.goal).all() else -0.05
        return self.render(), reward, done


class ReplayBuffer:
    def __init__(self):
        self.obs, self.actions, self.returns = [], [], []

    def add_episode(self, frames, actions, rewards):
        g = 0.0
        rets = []
        for r in reversed(rewards):
            g = r + GAMMA * g
            rets.append(g)
        self.obs.extend(frames)
        self.actions.extend(actions)
        self.returns.extend(rets[::-1])

    def as_tensors(self):
        obs = torch.from_numpy(np.stack(self.obs)).permute(0, 3, 1, 2)   # uint8, N x 3 x H x W
        return obs, torch.tensor(self.actions), torch.tensor(self.returns, dtype=torch.float32)


class DiscreteCNNQFunction(nn.Module):
    def __init__(self, n_actions):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * SIZE * SIZE, 64)
        self.out = nn.Linear(64, n_actions)

    def forward(self, observations):
        x = observations.float() / 255.0
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.relu(self.fc(x.flatten(1)))
        return self.out(x)


def collect(env, n_episodes, rng):
    buf = ReplayBuffer()
    for _ in range(n_episodes):
        frames, actions, rewards = [], [], []
        ob, done = env.reset(), False
        while not done:
            # epsilon-greedy around a scripted behaviour policy
            dy, dx = env.goal - env.agent
            greedy = (1 if dy > 0 else 0) if abs(dy) >= abs(dx) else (3 if dx > 0 else 2)
            a = greedy if rng.random() > 0.4 else int(rng.integers(N_ACTIONS))
            nxt, r, done = env.step(a)
            frames.append(ob)
            actions.append(a)
            rewards.append(r)
            ob = nxt
        buf.add_episode(frames, actions, rewards)
    return buf


rng = np.random.default_rng(5)
env = GridEnv(rng)
train_obs, train_act, train_ret = collect(env, 250, rng).as_tensors()
test_obs, test_act, test_ret = collect(env, 80, rng).as_tensors()

qf = DiscreteCNNQFunction(N_ACTIONS)
optimizer = torch.optim.Adam(qf.parameters(), lr=1e-3)

for epoch in range(15):
    perm = torch.randperm(len(train_act))
    for i in range(0, len(perm), 64):
        idx = perm[i:i + 64]
        qvals = qf(train_obs[idx])
        q_selected = qvals.gather(1, train_act[idx].unsqueeze(1)).squeeze(1)
        loss = F.mse_loss(q_selected, train_ret[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} qf loss {loss.item():.4f}")

with torch.no_grad():
    q = qf(test_obs).gather(1, test_act.unsqueeze(1)).squeeze(1)
r2 = 1 - torch.mean((q - test_ret) ** 2) / torch.var(test_ret, unbiased=False)
print(f"RESULT r2={r2.item():.4f}")
