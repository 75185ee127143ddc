# Rebuilt from: https://github.com/openai/spinningup/issues/339
# Report: Re-implementing DDPG, the reporter dropped the squeeze on the critic output, reasoning that
#   (batchsize,) vs (batchsize, 1) should not matter for mean((q - backup)**2); without the squeeze
#   the agent only reached a fraction of the reward with much larger variance across seeds.
# Bug (planted: TL001): MLPQFunction.forward returns q of shape (B,1) (no squeeze), while the replay
#   rewards/dones are (B,), so backup is broadcast to (B,B) and ((q - backup)**2).mean() is wrong.
# Our own code, written after the report (not copied from it)
import copy
import numpy as np
import torch
import torch.nn as nn

np.random.seed(3); torch.manual_seed(3)
torch.set_num_threads(1)
GAMMA, POLYAK, EP_LEN = 0.9, 0.995, 30


class PointEnv:
    """move a point toward a random target; reward = -(distance^2) - small action cost"""
    def reset(self):
        self.x, self.goal = np.random.uniform(-2, 2, 2)
        return np.array([self.x, self.goal], np.float32)

    def step(self, a):
        self.x = float(np.clip(self.x + 0.3 * a, -2, 2))
        return np.array([self.x, self.goal], np.float32), float(-(self.x - self.goal) ** 2 - 0.1 * a ** 2)


class MLPQFunction(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, obs, act):
        return self.q(torch.cat([obs, act], dim=-1))


class MLPActorCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.pi = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 1), nn.Tanh())
        self.q = MLPQFunction()


class ReplayBuffer:
    def __init__(self, size):
        self.bufs = dict(obs=np.zeros((size, 2), np.float32), act=np.zeros((size, 1), np.float32),
                         rew=np.zeros(size, np.float32), obs2=np.zeros((size, 2), np.float32),
                         done=np.zeros(size, np.float32))
        self.ptr, self.size, self.max_size = 0, 0, size

    def store(self, **kw):
        for k, v in kw.items():
            self.bufs[k][self.ptr] = v
        self.ptr, self.size = (self.ptr + 1) % self.max_size, min(self.size + 1, self.max_size)

    def sample_batch(self, batch_size=100):
        idxs = np.random.randint(0, self.size, size=batch_size)
        return {k: torch.as_tensor(v[idxs]) for k, v in self.bufs.items()}


ac = MLPActorCritic()
ac_targ = copy.deepcopy(ac)
pi_optimizer = torch.optim.Adam(ac.pi.parameters(), lr=1e-3)
q_optimizer = torch.optim.Adam(ac.q.parameters(), lr=1e-3)
buf, env = ReplayBuffer(20000), PointEnv()


def compute_loss_q(data):
    o, a, r, o2, d = data["obs"], data["act"], data["rew"], data["obs2"], data["done"]
    q = ac.q(o, a)
    with torch.no_grad():
        q_pi_targ = ac_targ.q(o2, ac_targ.pi(o2))
        backup = r + GAMMA * (1 - d) * q_pi_targ
    return ((q - backup) ** 2).mean()


def update(data):
    q_optimizer.zero_grad(); compute_loss_q(data).backward(); q_optimizer.step()
    pi_optimizer.zero_grad(); (-ac.q(data["obs"], ac.pi(data["obs"])).mean()).backward(); pi_optimizer.step()
    with torch.no_grad():
        for p, p_targ in zip(ac.parameters(), ac_targ.parameters()):
            p_targ.mul_(POLYAK).add_((1 - POLYAK) * p)


o, ep_len = env.reset(), 0
for t in range(3000):
    if t < 600:
        a = np.random.uniform(-1, 1, 1)
    else:
        with torch.no_grad():
            a = ac.pi(torch.as_tensor(o)).numpy() + 0.2 * np.random.randn(1)
        a = np.clip(a, -1, 1)
    o2, r = env.step(float(a[0]))
    ep_len += 1
    buf.store(obs=o, act=a, rew=r, obs2=o2, done=0.0)      # time-limit ends are not true terminals
    o = o2
    if ep_len == EP_LEN:
        o, ep_len = env.reset(), 0
    if t >= 600 and t % 2 == 0:
        update(buf.sample_batch())

# evaluate: does Q(s, pi(s)) predict the discounted return the final policy actually gets?
S = torch.as_tensor(np.random.uniform(-2, 2, (200, 2)).astype(np.float32))
x, goal, y = S[:, 0].clone(), S[:, 1], torch.zeros(200)
for k in range(60):                    # roll the deterministic policy out from 200 start states at once
    with torch.no_grad():
        a = ac.pi(torch.stack([x, goal], 1)).reshape(-1)
    x = (x + 0.3 * a).clamp(-2, 2)
    y += GAMMA ** k * (-(x - goal) ** 2 - 0.1 * a ** 2)
with torch.no_grad():
    preds = ac.q(S, ac.pi(S)).reshape(-1)
print(f"RESULT r2={(1 - ((preds - y) ** 2).mean() / y.var()).item():.3f}")
