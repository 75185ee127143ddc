# Rebuilt from: https://github.com/sherjilozair/dqn/issues/4
# Report: In dqn.py build_functions(), the chosen-action values are taken as VS[:, A] with A of shape
#   (batch, 1); the reporter shows the indexing is wrong (it picks every sampled action for every state)
#   and points to per-row indexing as in other DQN implementations.
# Bug (planted: TL001): in build_functions(), q_sa = VS[:, A] with A (B,1) gives a (B,B,1) tensor; the
#   hand-written ((q_sa - target)**2).mean() silently broadcasts it against the (B,1) target.
# Our own code, written after the report (not copied from it); PyTorch port on a small random MDP
import numpy as np
import torch
import torch.nn as nn

np.random.seed(1); torch.manual_seed(1)
torch.set_num_threads(1)

N_S, N_A, DISCOUNT = 12, 3, 0.8
rng = np.random.RandomState(1)
NEXT = rng.randint(0, N_S, size=(N_S, N_A))           # deterministic transitions
REW = rng.uniform(-1, 1, size=(N_S, N_A)).round(2)    # immediate rewards
TERMINAL = {N_S - 1}


class ReplayMemory:
    def __init__(self, size):
        self.s, self.a = np.zeros(size, np.int64), np.zeros(size, np.int64)
        self.r, self.ns, self.t = np.zeros(size, np.float32), np.zeros(size, np.int64), np.zeros(size, np.float32)
        self.n = 0

    def add(self, s, a, r, ns, t):
        self.s[self.n], self.a[self.n], self.r[self.n], self.ns[self.n], self.t[self.n] = s, a, r, ns, t
        self.n += 1

    def sample(self, k):
        i = np.random.randint(0, self.n, k)
        eye = np.eye(N_S, dtype=np.float32)
        return (eye[self.s[i]], eye[self.ns[i]], self.a[i].reshape(-1, 1),
                self.r[i].reshape(-1, 1), self.t[i].reshape(-1, 1))


memory = ReplayMemory(4000)
for _ in range(4000):
    s = np.random.randint(0, N_S - 1)
    a = np.random.randint(0, N_A)
    ns = NEXT[s, a]
    memory.add(s, a, REW[s, a], ns, float(ns in TERMINAL))

model = nn.Sequential(nn.Linear(N_S, 64), nn.Tanh(), nn.Linear(64, N_A))
opt = torch.optim.RMSprop(model.parameters(), lr=1e-3)


def build_functions():
    def train_fn(S, NS, A, R, T):
        S, NS, A = torch.from_numpy(S), torch.from_numpy(NS), torch.from_numpy(A)
        R, T = torch.from_numpy(R), torch.from_numpy(T)
        VS = model(S)
        with torch.no_grad():
            VNS = model(NS)
        future_value = (1 - T) * VNS.max(dim=1, keepdim=True)[0]
        target = R + DISCOUNT * future_value
        q_sa = VS[:, A]
        cost = ((q_sa - target) ** 2).mean()
        opt.zero_grad(); cost.backward(); opt.step()
        return cost.item()
    return train_fn


train_fn = build_functions()
for step in range(1500):
    cost = train_fn(*memory.sample(32))
    if step % 300 == 0:
        print(f"step {step} cost {cost:.4f}")

# exact Q* for comparison
Q = np.zeros((N_S, N_A))
for _ in range(300):
    V = Q.max(1)
    Q = REW + DISCOUNT * V[NEXT] * np.array([[n not in TERMINAL for n in row] for row in NEXT])
states = list(range(N_S - 1))
with torch.no_grad():
    q_hat = model(torch.eye(N_S)[states]).reshape(-1)
q_true = torch.tensor(Q[states], dtype=torch.float32).reshape(-1)
r2 = 1 - ((q_hat - q_true) ** 2).mean() / q_true.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
