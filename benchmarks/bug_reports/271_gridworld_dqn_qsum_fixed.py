# Rebuilt from: https://github.com/simoninithomas/Deep_reinforcement_learning_Course/issues/51
# Report: In the Deep Q-Learning notebook, Q(s,a) is taken as reduce_sum(output * one_hot_actions)
#   without an axis, so Q becomes one scalar for the whole batch while target_Q is a vector of
#   batch-size length; a second user agreed the loss is computed on the wrong thing.
# Fixed twin of 271_gridworld_dqn_qsum.py: q_pred sums over the action axis only (dim=1), giving (B,) like the TD target.
# Our own code, written after the report (not copied from it); PyTorch port of the one-hot-mask DQN, 5x5 grid world
import random
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(0); np.random.seed(0); torch.manual_seed(0)
torch.set_num_threads(1)

SIZE, GOAL, GAMMA = 5, (4, 4), 0.9
MOVES = [(-1, 0), (1, 0), (0, -1), (0, 1)]  # up down left right
N_STATES, N_ACTIONS = SIZE * SIZE, 4


def step(s, a):
    r, c = divmod(s, SIZE)
    r = min(max(r + MOVES[a][0], 0), SIZE - 1)
    c = min(max(c + MOVES[a][1], 0), SIZE - 1)
    ns = r * SIZE + c
    done = (r, c) == GOAL
    return ns, (1.0 if done else -0.1), done


def one_hot(idx, n):
    out = np.zeros((len(idx), n), dtype=np.float32)
    out[np.arange(len(idx)), idx] = 1.0
    return out


# replay memory filled by a random behaviour policy
memory = []
for _ in range(3000):
    s = random.randrange(N_STATES - 1)
    a = random.randrange(N_ACTIONS)
    ns, r, d = step(s, a)
    memory.append((s, a, r, ns, d))


class DQNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(N_STATES, 64), nn.ReLU(), nn.Linear(64, N_ACTIONS))

    def forward(self, x):
        return self.fc(x)


net, target_net = DQNetwork(), DQNetwork()
target_net.load_state_dict(net.state_dict())
opt = torch.optim.Adam(net.parameters(), lr=1e-3)


def learn(batch):
    s, a, r, ns, d = map(np.array, zip(*batch))
    states = torch.from_numpy(one_hot(s, N_STATES))
    next_states = torch.from_numpy(one_hot(ns, N_STATES))
    actions_onehot = torch.from_numpy(one_hot(a, N_ACTIONS))
    rewards = torch.tensor(r, dtype=torch.float32)
    dones = torch.tensor(d, dtype=torch.float32)
    with torch.no_grad():
        target_q = rewards + GAMMA * target_net(next_states).max(1)[0] * (1 - dones)
    q_all = net(states)
    q_pred = torch.sum(q_all * actions_onehot, dim=1)
    loss = F.mse_loss(q_pred, target_q)
    opt.zero_grad(); loss.backward(); opt.step()
    return loss.item()


for it in range(1200):
    loss = learn(random.sample(memory, 64))
    if it % 100 == 0:
        target_net.load_state_dict(net.state_dict())
    if it % 300 == 0:
        print(f"iter {it} loss {loss:.4f}")

# ground truth Q* by value iteration
Q = np.zeros((N_STATES, N_ACTIONS))
for _ in range(200):
    V = Q.max(1)
    for s in range(N_STATES):
        for a in range(N_ACTIONS):
            ns, r, d = step(s, a)
            Q[s, a] = r + GAMMA * V[ns] * (not d)
nonterm = [s for s in range(N_STATES) if divmod(s, SIZE) != GOAL]
with torch.no_grad():
    q_hat = net(torch.from_numpy(one_hot(np.array(nonterm), N_STATES))).reshape(-1)
q_true = torch.tensor(Q[nonterm], dtype=torch.float32).reshape(-1)
r2 = 1 - torch.mean((q_hat - q_true) ** 2) / torch.var(q_true, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
