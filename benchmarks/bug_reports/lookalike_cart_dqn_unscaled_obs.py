# Rebuilt from: https://pytorch.org/tutorials/intermediate/reinforcement_q_learning.html
# Report: The PyTorch DQN tutorial feeds CartPole's 4 state values (position, velocity, angle, angular
#   velocity) "without any scaling" into a small fully-connected network, and the agent still learns.
# Not a bug (a look-alike that must stay silent): the raw observations are physical quantities already of
#   order one (metres, m/s), so leaving them unnormalized does not hurt training with AdamW.
# Our own code, written after the report (not copied from it); a discrete cart world in physical units
import random
import numpy as np
import torch
import torch.nn as nn

random.seed(5); np.random.seed(5); torch.manual_seed(5); torch.set_num_threads(1)
GAMMA, TAU, BATCH_SIZE, CAP = 0.9, 0.01, 128, 5000
DX, DV = 0.48, 0.5    # metres per cell, m/s per velocity unit


def dynamics(p, v, a):
    v2 = int(np.clip(v + a - 1, -2, 2))
    p2 = p + v2
    if p2 < 0 or p2 > 10:
        return None, None, -5.0
    return p2, v2, (1.0 if 3 <= p2 <= 7 else 0.0)


def observe(p, v):   # cart position (m, centred) and velocity (m/s), no scaling
    return np.array([(p - 5) * DX, v * DV], dtype=np.float32)


obs_buf = np.zeros((CAP, 2), np.float32); next_buf = np.zeros((CAP, 2), np.float32)
act_buf = np.zeros(CAP, np.int64); rew_buf = np.zeros(CAP, np.float32); done_buf = np.zeros(CAP, np.float32)
ptr = size = 0

policy_net = nn.Sequential(nn.Linear(2, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 3))
target_net = nn.Sequential(nn.Linear(2, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 3))
target_net.load_state_dict(policy_net.state_dict())
optimizer = torch.optim.AdamW(policy_net.parameters(), lr=1e-3, amsgrad=True)
criterion = nn.SmoothL1Loss()

steps = 0
for episode in range(100):
    p, v = random.randint(2, 8), random.randint(-1, 1)
    for t in range(30):
        s = observe(p, v)
        eps = max(0.2, 1 - steps / 1500)
        a = random.randrange(3) if random.random() < eps else int(policy_net(torch.from_numpy(s)).argmax())
        p2, v2, r = dynamics(p, v, a)
        obs_buf[ptr], act_buf[ptr], rew_buf[ptr] = s, a, r
        next_buf[ptr], done_buf[ptr] = (observe(p2, v2), 0.0) if p2 is not None else (np.zeros(2), 1.0)
        ptr, size, steps = (ptr + 1) % CAP, min(size + 1, CAP), steps + 1
        if size >= BATCH_SIZE:
            idx = np.random.randint(0, size, BATCH_SIZE)
            q = policy_net(torch.from_numpy(obs_buf[idx])).gather(1, torch.from_numpy(act_buf[idx]).unsqueeze(1))
            with torch.no_grad():
                next_v = target_net(torch.from_numpy(next_buf[idx])).max(1).values
            target = torch.from_numpy(rew_buf[idx]) + GAMMA * next_v * (1 - torch.from_numpy(done_buf[idx]))
            loss = criterion(q, target.unsqueeze(1))
            optimizer.zero_grad(); loss.backward(); optimizer.step()
            with torch.no_grad():
                for tp, pp in zip(target_net.parameters(), policy_net.parameters()):
                    tp.mul_(1 - TAU).add_(TAU * pp)
        if p2 is None:
            break
        p, v = p2, v2

Q = np.zeros((11, 5, 3))
for _ in range(80):
    V = Q.max(-1)
    for pp in range(11):
        for vv in range(-2, 3):
            for aa in range(3):
                p2, v2, r = dynamics(pp, vv, aa)
                Q[pp, vv + 2, aa] = r if p2 is None else r + GAMMA * V[p2, v2 + 2]
grid = torch.tensor(np.array([observe(pp, vv) for pp in range(11) for vv in range(-2, 3)]))
truth = torch.tensor(np.array([Q[pp, vv + 2] for pp in range(11) for vv in range(-2, 3)]), dtype=torch.float32)
with torch.no_grad():
    pred = policy_net(grid)
r2 = 1 - ((pred - truth) ** 2).mean() / truth.var(unbiased=False)
print(f"steps={steps}")
print(f"RESULT r2={r2.item():.3f}")
