# Rebuilt from: https://github.com/MorvanZhou/pytorch-A3C/issues/5
# Report: in Net.loss_func, `exp_v = m.log_prob(a) * td.detach().squeeze()` multiplies log_prob (shape [T]) with
#   td (shape [T, 1]) and yields a 2-D matrix instead of pairing each step's advantage with its own
#   action; after changing it (the author later used td.detach().squeeze()) the reward was more stable.
# Fixed twin of 111_a3c_td_logprob.py: the advantage is squeezed to (T,) (td.detach().squeeze()) before it
#   multiplies m.log_prob(a), as in the author's fix.
# Our own code, written after the report (not copied from it); a one-step contextual bandit replaces gym.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(0); torch.manual_seed(0); torch.set_num_threads(1)
N_S, N_A, UPDATE_GLOBAL_ITER = 5, 3, 32
W_TRUE = np.random.randn(N_S, N_A)

class BanditEnv:
    def reset(self):
        self.s = np.random.randn(N_S).astype(np.float32)
        return self.s
    def step(self, a):
        best = int(np.argmax(self.s @ W_TRUE))
        r = 1.0 if a == best else 0.0
        return None, r, True, {}

class Net(nn.Module):
    def __init__(self, s_dim, a_dim):
        super().__init__()
        self.pi1 = nn.Linear(s_dim, 64); self.pi2 = nn.Linear(64, a_dim)
        self.v1 = nn.Linear(s_dim, 64); self.v2 = nn.Linear(64, 1)
        self.distribution = torch.distributions.Categorical
    def forward(self, x):
        logits = self.pi2(torch.tanh(self.pi1(x)))
        values = self.v2(torch.tanh(self.v1(x)))
        return logits, values
    def choose_action(self, s):
        self.eval()
        logits, _ = self.forward(s)
        prob = F.softmax(logits, dim=1).data
        return self.distribution(prob).sample().numpy()[0]
    def loss_func(self, s, a, v_t):
        self.train()
        logits, values = self.forward(s)
        td = v_t - values
        c_loss = td.pow(2)
        probs = F.softmax(logits, dim=1)
        m = self.distribution(probs)
        exp_v = m.log_prob(a) * td.detach().squeeze()
        a_loss = -exp_v
        return (c_loss + a_loss).mean()

env, lnet = BanditEnv(), Net(N_S, N_A)
opt = torch.optim.Adam(lnet.parameters(), lr=3e-3)
buffer_s, buffer_a, buffer_r = [], [], []
for ep in range(4800):
    s = env.reset()
    a = lnet.choose_action(torch.from_numpy(s[None, :]))
    _, r, done, _ = env.step(a)
    buffer_s.append(s); buffer_a.append(a); buffer_r.append(r)
    if len(buffer_s) == UPDATE_GLOBAL_ITER:      # episodes are one step long: v_target = r
        v_t = torch.tensor(np.array(buffer_r)[:, None], dtype=torch.float32)
        loss = lnet.loss_func(torch.from_numpy(np.vstack(buffer_s)), torch.tensor(buffer_a), v_t)
        opt.zero_grad(); loss.backward(); opt.step()
        buffer_s, buffer_a, buffer_r = [], [], []

S_eval = np.random.randn(2000, N_S).astype(np.float32)
with torch.no_grad():
    greedy = lnet(torch.from_numpy(S_eval))[0].argmax(1).numpy()
acc = float((greedy == np.argmax(S_eval @ W_TRUE, axis=1)).mean())
print(f"RESULT acc={acc:.3f}")
