# Rebuilt from: https://github.com/hill-a/stable-baselines/issues/328
# Report: "Image data between 0 - 255 and not between 0 - 1": when pretraining a policy (behaviour cloning)
#   on an ExpertDataset of image observations, the frames reached the network as raw 0..255 values. The
#   maintainer pointed at the scaling done for the RL input placeholders, but the reporter found that the
#   image loading chain of dataset.py never normalized the frames, so `pretrain()` fed raw pixels, and
#   proposed dividing by 255 in the dataset.
# Fixed twin of 401_bc_pretrain_expert_frames.py: the dataset scales the uint8 frames to 0..1 in __getitem__, the
#   fix proposed in the report.
# Our own code, written after the report (not copied from it); data: expert_catch.npz written beside it
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

H = W = 16
EXPERT_PATH = "expert_catch.npz"


def render(ball_x, ball_y, paddle_x, rng):
    frame = rng.integers(40, 90, size=(H, W)).astype(np.uint8)      # textured playfield
    frame[ball_y, ball_x] = 255
    frame[H - 1, max(paddle_x - 1, 0):paddle_x + 2] = 200
    return frame


def generate_expert_traj(path, n_episodes=80):
    """Roll out a scripted expert in a tiny catch game and save (obs, actions) like generate_expert_traj."""
    rng = np.random.default_rng(1)
    observations, actions = [], []
    for _ in range(n_episodes):
        ball_x, paddle_x = rng.integers(0, W), rng.integers(1, W - 1)
        drift = rng.choice([-1, 0, 1])
        for ball_y in range(H - 1):
            observations.append(render(ball_x, ball_y, paddle_x, rng))
            act = 0 if ball_x < paddle_x else (2 if ball_x > paddle_x else 1)   # left / stay / right
            actions.append(act)
            paddle_x = int(np.clip(paddle_x + act - 1, 1, W - 2))
            ball_x = int(np.clip(ball_x + drift, 0, W - 1))
    np.savez(path, obs=np.stack(observations), actions=np.array(actions, dtype=np.int64))


class ExpertDataset(Dataset):
    def __init__(self, expert_path, train_fraction=0.8, train=True):
        traj = np.load(expert_path)
        obs, actions = traj["obs"], traj["actions"]
        idx = np.random.RandomState(3).permutation(len(obs))
        cut = int(train_fraction * len(obs))
        idx = idx[:cut] if train else idx[cut:]
        self.observations = obs[idx]
        self.actions = actions[idx]

    def __len__(self):
        return len(self.actions)

    def __getitem__(self, i):
        ob = self.observations[i].astype(np.float32).reshape(-1) / 255.0
        return torch.from_numpy(ob), torch.tensor(self.actions[i])


class MlpPolicy(nn.Module):
    def __init__(self, n_input, n_actions, layers=(64, 64)):
        super().__init__()
        self.pi_fc0 = nn.Linear(n_input, layers[0])
        self.pi_fc1 = nn.Linear(layers[0], layers[1])
        self.pi = nn.Linear(layers[1], n_actions)

    def forward(self, obs):
        h = torch.tanh(self.pi_fc0(obs))
        h = torch.tanh(self.pi_fc1(h))
        return self.pi(h)


def pretrain(policy, dataset, n_epochs=25, learning_rate=1e-3, batch_size=64):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    optimizer = torch.optim.Adam(policy.parameters(), lr=learning_rate, eps=1e-8)
    for epoch in range(n_epochs):
        total = 0.0
        for obs, expert_actions in loader:
            logits = policy(obs)
            loss = F.cross_entropy(logits, expert_actions)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
        if epoch % 5 == 0:
            print(f"Epoch {epoch + 1}, Training loss: {total / len(loader):.4f}")


if not os.path.exists(EXPERT_PATH):
    generate_expert_traj(EXPERT_PATH)

train_set = ExpertDataset(EXPERT_PATH, train=True)
val_set = ExpertDataset(EXPERT_PATH, train=False)
policy = MlpPolicy(H * W, 3)
pretrain(policy, train_set)

correct = 0
with torch.no_grad():
    for obs, act in DataLoader(val_set, batch_size=256):
        correct += (policy(obs).argmax(1) == act).sum().item()
print(f"RESULT acc={correct / len(val_set):.4f}")
