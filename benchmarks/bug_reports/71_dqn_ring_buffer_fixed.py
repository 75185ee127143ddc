# Rebuilt from: https://github.com/hungtuchen/pytorch-dqn/issues/3
# Report: Running dqn_learn.py, the sizes of target_Q_values and current_Q_values "does not matched
#   well"; the reporter changed next_max_q to next_max_q.unsqueeze(-1) "for correcting sizes" and was
#   still having trouble getting the DQN (numpy replay buffer, Huber loss) to train.
# Fixed twin of 71_dqn_ring_buffer.py: the TD target is unsqueezed to (B,1) so it matches
#   current_Q_values before F.smooth_l1_loss (no broadcasting to (B,B)).
# Our own code, written after the report (not copied from it)
import random
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(0); np.random.seed(0); torch.manual_seed(0)
torch.set_num_threads(1)
SIZE, GOAL, GAMMA = 6, (5, 5), 0.9
MOVES = [(-1, 0), (1, 0), (0, -1), (0, 1)]


def step(pos, a):
    r, c = pos[0] + MOVES[a][0], pos[1] + MOVES[a][1]
    nxt = (min(max(r, 0), SIZE - 1), min(max(c, 0), SIZE - 1))
    done = nxt == GOAL
    return nxt, (1.0 if done else -0.05), done


def encode(pos):
    x = np.zeros(SIZE * SIZE, dtype=np.float32)
    x[pos[0] * SIZE + pos[1]] = 1.0
    return x


class ReplayBuffer:
    """ring buffer with one numpy array per field and a moving index"""
    def __init__(self, size, obs_dim):
        self.size, self.next_idx, self.num_in_buffer = size, 0, 0
        self.obs = np.zeros((size, obs_dim), np.float32)
        self.next_obs = np.zeros((size, obs_dim), np.float32)
        self.action = np.zeros(size, np.int64)
        self.reward = np.zeros(size, np.float32)
        self.done = np.zeros(size, np.float32)

    def store(self, o, a, r, o2, d):
        i = self.next_idx
        self.obs[i], self.action[i], self.reward[i], self.next_obs[i], self.done[i] = o, a, r, o2, d
        self.next_idx = (self.next_idx + 1) % self.size
        self.num_in_buffer = min(self.size, self.num_in_buffer + 1)

    def sample(self, batch_size):
        idx = np.random.randint(0, self.num_in_buffer, batch_size)
        return self.obs[idx], self.action[idx], self.reward[idx], self.next_obs[idx], self.done[idx]


Q = nn.Sequential(nn.Linear(SIZE * SIZE, 64), nn.ReLU(), nn.Linear(64, 4))
target_Q = nn.Sequential(nn.Linear(SIZE * SIZE, 64), nn.ReLU(), nn.Linear(64, 4))
target_Q.load_state_dict(Q.state_dict())
optimizer = torch.optim.Adam(Q.parameters(), lr=1e-3)
buf = ReplayBuffer(5000, SIZE * SIZE)

pos, ep_t = (0, 0), 0
for t in range(4000):
    eps = max(0.1, 1.0 - t / 2000)
    if random.random() < eps:
        a = random.randrange(4)
    else:
        with torch.no_grad():
            a = int(Q(torch.from_numpy(encode(pos))[None]).argmax(1))
    nxt, r, done = step(pos, a)
    buf.store(encode(pos), a, r, encode(nxt), float(done))
    ep_t += 1
    pos = nxt
    if done or ep_t >= 40:
        pos, ep_t = (random.randrange(SIZE), random.randrange(SIZE)), 0
    if t > 200 and t % 2 == 0:
        o, act, rew, o2, d = [torch.from_numpy(x) for x in buf.sample(64)]
        current_Q_values = Q(o).gather(1, act.unsqueeze(1))
        next_max_q = target_Q(o2).detach().max(1)[0]
        target_Q_values = rew + GAMMA * (1 - d) * next_max_q
        loss = F.smooth_l1_loss(current_Q_values, target_Q_values.unsqueeze(1))
        optimizer.zero_grad(); loss.backward(); optimizer.step()
    if t % 200 == 0:
        target_Q.load_state_dict(Q.state_dict())

# value iteration for the optimal action set of every non-goal cell
V = np.zeros((SIZE, SIZE))
for _ in range(200):
    for i in range(SIZE):
        for j in range(SIZE):
            if (i, j) != GOAL:
                V[i, j] = max(rr + GAMMA * (0 if dd else V[n]) for n, rr, dd in (step((i, j), a) for a in range(4)))
hits, total = 0, 0
for i in range(SIZE):
    for j in range(SIZE):
        if (i, j) == GOAL:
            continue
        qstar = [rr + GAMMA * (0 if dd else V[n]) for n, rr, dd in (step((i, j), a) for a in range(4))]
        with torch.no_grad():
            greedy = int(Q(torch.from_numpy(encode((i, j)))[None]).argmax(1))
        hits += qstar[greedy] >= max(qstar) - 1e-6
        total += 1
print(f"RESULT acc={hits / total:.3f}")
