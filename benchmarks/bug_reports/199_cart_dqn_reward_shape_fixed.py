# Rebuilt from: https://github.com/Lazydok/RL-Pytorch-cartpole/pull/2
# Report: A PyTorch DQN for CartPole stopped working with newer PyTorch; the PR author changed the
#   reward batch from shape [128] to [128, 1] "because otherwise the rewards are summed and broadcasted
#   as the same value for all the actions in the batch".
# Fixed twin of 199_cart_dqn_reward_shape.py: rewards reshaped to (128, 1) so the target is (128, 1)
# Our own code, written after the report (not copied from it); a small discrete cart-on-a-track world
import random
from collections import deque
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(1); np.random.seed(1); torch.manual_seed(1); torch.set_num_threads(1)
GAMMA, BATCH, MAXLEN = 0.9, 128, 30


class CartTrack:
    """Cart position 0..10, velocity -2..2; push -1/0/+1. +1 reward near the centre, -5 if it leaves the track."""
    def reset(self):
        self.p, self.v, self.t = random.randint(2, 8), random.randint(-1, 1), 0
        return np.array([self.p / 10.0, self.v / 2.0], dtype=np.float32)

    @staticmethod
    def dynamics(p, v, a):
        v2 = int(np.clip(v + a - 1, -2, 2))
        p2 = p + v2
        if p2 < 0 or p2 > 10:
            return None, None, -5.0
        return p2, v2, (1.0 if 3 <= p2 <= 7 else 0.0)

    def step(self, a):
        p2, v2, r = self.dynamics(self.p, self.v, a)
        self.t += 1
        if p2 is None:
            return None, r, True
        self.p, self.v = p2, v2
        return np.array([p2 / 10.0, v2 / 2.0], dtype=np.float32), r, self.t >= MAXLEN


class Agent:
    def __init__(self):
        self.model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
        self.target = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
        self.target.load_state_dict(self.model.state_dict())
        self.optimizer = torch.optim.Adam(self.model.parameters(), 1e-3)
        self.memory = deque(maxlen=10000)

    def act(self, state, eps):
        if random.random() < eps:
            return random.randrange(3)
        with torch.no_grad():
            return int(self.model(torch.from_numpy(state)).argmax())

    def memorize(self, s, a, r, s2, dead):
        self.memory.append((s, a, r, np.zeros(2, np.float32) if s2 is None else s2, float(dead)))

    def learn(self):
        if len(self.memory) < BATCH:
            return
        s, a, r, s2, dead = zip(*random.sample(self.memory, BATCH))
        states = torch.tensor(np.array(s))
        actions = torch.tensor(a).view(-1, 1)
        rewards = torch.tensor(r, dtype=torch.float32).view(-1, 1)
        next_states = torch.tensor(np.array(s2))
        not_dead = 1.0 - torch.tensor(dead, dtype=torch.float32).view(-1, 1)
        current_q = self.model(states).gather(1, actions)
        max_next_q = self.target(next_states).detach().max(1)[0].unsqueeze(1)
        expected_q = rewards + GAMMA * max_next_q * not_dead
        loss = F.mse_loss(current_q, expected_q)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()


def q_star():
    Q = np.zeros((11, 5, 3))
    for _ in range(80):
        V = Q.max(-1)
        for p in range(11):
            for v in range(-2, 3):
                for a in range(3):
                    p2, v2, r = CartTrack.dynamics(p, v, a)
                    Q[p, v + 2, a] = r if p2 is None else r + GAMMA * V[p2, v2 + 2]
    return Q


env, agent, steps = CartTrack(), Agent(), 0
for ep in range(110):
    state, done = env.reset(), False
    while not done:
        action = agent.act(state, max(0.2, 1 - steps / 1500))
        nxt, reward, done = env.step(action)
        agent.memorize(state, action, reward, nxt, nxt is None)
        agent.learn()
        steps += 1
        if steps % 100 == 0:
            agent.target.load_state_dict(agent.model.state_dict())
        if nxt is None:
            break
        state = nxt

Q = q_star()
grid = torch.tensor([[p / 10.0, v / 2.0] for p in range(11) for v in range(-2, 3)])
truth = torch.tensor(np.array([Q[p, v + 2] for p in range(11) for v in range(-2, 3)]), dtype=torch.float32)
with torch.no_grad():
    pred = agent.model(grid)
r2 = 1 - ((pred - truth) ** 2).mean() / truth.var(unbiased=False)
print(f"episodes={ep + 1} steps={steps}")
print(f"RESULT r2={r2.item():.3f}")
