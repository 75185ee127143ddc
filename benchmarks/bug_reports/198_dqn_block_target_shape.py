# Rebuilt from: https://github.com/jaybutera/tetrisRL/pull/5
# Report: A Tetris DQN agent (PyTorch-tutorial style optimize_model with a ReplayMemory of Transition
#   namedtuples) trained without errors, but the target expected_state_action_values had shape [64]
#   while state_action_values had shape [64, 1]; the PR reshaped the target to [64, 1] to match.
# Bug (planted: TL001): in optimize_model, F.smooth_l1_loss(state_action_values (64,1),
#   expected_state_action_values (64,)) broadcasts to (64,64): every Q(s,a) is pulled toward every target.
# Our own code, written after the report (not copied from it); a tiny falling-block game replaces Tetris
import random
from collections import namedtuple, deque
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(0); np.random.seed(0); torch.manual_seed(0); torch.set_num_threads(1)
W, H, GAMMA, BATCH_SIZE = 5, 5, 0.9, 64
Transition = namedtuple("Transition", ("state", "action", "next_state", "reward"))


class ReplayMemory:
    def __init__(self, capacity):
        self.memory = deque([], maxlen=capacity)

    def push(self, *args):
        self.memory.append(Transition(*args))

    def sample(self, batch_size):
        return random.sample(self.memory, batch_size)

    def __len__(self):
        return len(self.memory)


class BlockGame:
    """A block falls one row per step; move it left/stay/right so it lands on the hole column."""
    def reset(self):
        self.x, self.y, self.hole = random.randrange(W), 0, random.randrange(W)
        return self.obs()

    def obs(self):
        return torch.tensor([[self.x / (W - 1), self.y / (H - 1), self.hole / (W - 1)]])

    def step(self, a):
        self.x = min(max(self.x + a - 1, 0), W - 1)
        self.y += 1
        if self.y == H - 1:
            return None, (1.0 if self.x == self.hole else -1.0)
        return self.obs(), 0.0


def true_q():  # value iteration on the (x, y, hole) grid
    V = np.zeros((W, H, W))
    for _ in range(50):
        Q = np.zeros((W, H, W, 3))
        for x in range(W):
            for y in range(H - 1):
                for h in range(W):
                    for a in range(3):
                        nx = min(max(x + a - 1, 0), W - 1)
                        Q[x, y, h, a] = (1.0 if nx == h else -1.0) if y + 1 == H - 1 else GAMMA * V[nx, y + 1, h]
        V = Q.max(-1)
    return Q


policy_net = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
target_net = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
target_net.load_state_dict(policy_net.state_dict())
optimizer = torch.optim.Adam(policy_net.parameters(), lr=1e-3)
memory = ReplayMemory(5000)


def optimize_model():
    if len(memory) < BATCH_SIZE:
        return
    batch = Transition(*zip(*memory.sample(BATCH_SIZE)))
    non_final_mask = torch.tensor([s is not None for s in batch.next_state], dtype=torch.bool)
    non_final_next_states = torch.cat([s for s in batch.next_state if s is not None])
    state_batch = torch.cat(batch.state)
    action_batch = torch.cat(batch.action)
    reward_batch = torch.cat(batch.reward)
    state_action_values = policy_net(state_batch).gather(1, action_batch)
    next_state_values = torch.zeros(BATCH_SIZE)
    with torch.no_grad():
        next_state_values[non_final_mask] = target_net(non_final_next_states).max(1)[0]
    expected_state_action_values = (next_state_values * GAMMA) + reward_batch
    loss = F.smooth_l1_loss(state_action_values, expected_state_action_values)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


env, steps = BlockGame(), 0
for episode in range(600):
    state = env.reset()
    while state is not None:
        eps = max(0.1, 1.0 - steps / 1200)
        if random.random() < eps:
            action = torch.tensor([[random.randrange(3)]])
        else:
            with torch.no_grad():
                action = policy_net(state).max(1)[1].view(1, 1)
        next_state, reward = env.step(action.item())
        memory.push(state, action, next_state, torch.tensor([reward]))
        state = next_state
        steps += 1
        optimize_model()
        if steps % 100 == 0:
            target_net.load_state_dict(policy_net.state_dict())

Qstar = true_q()
feats, ys = [], []
for x in range(W):
    for y in range(H - 1):
        for h in range(W):
            feats.append([x / (W - 1), y / (H - 1), h / (W - 1)])
            ys.append(Qstar[x, y, h])
with torch.no_grad():
    pred = policy_net(torch.tensor(feats)).flatten()
ys = torch.tensor(np.array(ys), dtype=torch.float32).flatten()
r2 = 1 - ((pred - ys) ** 2).mean() / ys.var(unbiased=False)
print(f"steps={steps}")
print(f"RESULT r2={r2.item():.3f}")
