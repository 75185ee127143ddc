# Rebuilt from: https://github.com/automl/Mighty/pull/126
# Report: PPO fix: "critic_values were broadcast to (1, B, B) due to mb.returns with shape (1, B)" -
#   the minibatch returns kept the env axis in front, so the value loss compared every critic value
#   with every return of the minibatch.
# Fixed twin of 77_ppo_minibatch_returns.py: the minibatch returns are flattened to the critic's shape
#   (`buf.returns[:, idx].reshape(-1, 1)`), so nn.MSELoss compares (b,1) with (b,1).
# Our own code, written after the report (not copied from it)
import math
import numpy as np
import torch
import torch.nn as nn

np.random.seed(6); torch.manual_seed(6)
torch.set_num_threads(1)


class CartPole:
    """classic cart-pole dynamics (Euler), +1 per step until the pole falls or 200 steps"""
    def reset(self):
        self.s, self.t = np.random.uniform(-0.05, 0.05, 4), 0
        return self.s.astype(np.float32)

    def step(self, a):
        x, x_dot, th, th_dot = self.s
        force = 10.0 if a == 1 else -10.0
        tmp = (force + 0.05 * th_dot ** 2 * math.sin(th)) / 1.1
        th_acc = (9.8 * math.sin(th) - math.cos(th) * tmp) / (0.5 * (4 / 3 - 0.1 * math.cos(th) ** 2 / 1.1))
        x_acc = tmp - 0.05 * th_acc * math.cos(th) / 1.1
        self.s = np.array([x + 0.02 * x_dot, x_dot + 0.02 * x_acc, th + 0.02 * th_dot, th_dot + 0.02 * th_acc])
        self.t += 1
        fell = abs(self.s[0]) > 2.4 or abs(self.s[2]) > 0.21
        return self.s.astype(np.float32), 1.0, fell, self.t >= 200


class RolloutBuffer:
    def __init__(self, gamma=0.9, lam=0.95):
        self.gamma, self.lam = gamma, lam
        self.obs, self.act, self.logp, self.rew, self.val, self.term, self.end = [], [], [], [], [], [], []

    def add(self, o, a, lp, r, v, term, end):
        for lst, x in zip((self.obs, self.act, self.logp, self.rew, self.val, self.term, self.end),
                          (o, a, lp, r, v, term, end)):
            lst.append(x)

    def finish(self):
        T = len(self.rew)
        adv, last = np.zeros(T, np.float32), 0.0
        for t in reversed(range(T)):
            nv = 0.0 if (self.term[t] or self.end[t] or t == T - 1) else self.val[t + 1]
            delta = self.rew[t] + self.gamma * nv - self.val[t]
            last = delta + self.gamma * self.lam * (0.0 if (self.term[t] or self.end[t]) else last)
            adv[t] = last
        self.observations = torch.tensor(np.array(self.obs))                        # (T, 4)
        self.actions, self.old_logp = torch.tensor(self.act), torch.tensor(self.logp)
        self.advantages = torch.tensor(adv)[None]                                   # (n_envs=1, T)
        self.returns = self.advantages + torch.tensor(self.val, dtype=torch.float32)[None]


class PPOAgent:
    def __init__(self):
        self.pi = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 2))
        self.vf = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 1))
        self.opt = torch.optim.Adam([{"params": self.pi.parameters(), "lr": 1e-3},
                                    {"params": self.vf.parameters(), "lr": 5e-3}])
        self.value_loss = nn.MSELoss()

    def rollout(self, env, n_steps=1024):
        buf, o = RolloutBuffer(), env.reset()
        for _ in range(n_steps):
            with torch.no_grad():
                dist = torch.distributions.Categorical(logits=self.pi(torch.from_numpy(o)))
                a = dist.sample()
                v = self.vf(torch.from_numpy(o)).item()
            o2, r, term, trunc = env.step(int(a))
            buf.add(o, int(a), dist.log_prob(a).item(), r, v, term, term or trunc)
            o = env.reset() if (term or trunc) else o2
        buf.finish()
        return buf

    def update(self, buf, epochs=8, mb_size=128):
        T = len(buf.rew)
        for _ in range(epochs):
            for idx in torch.randperm(T).split(mb_size):
                mb_adv = buf.advantages[:, idx].reshape(-1)
                mb_adv = (mb_adv - mb_adv.mean()) / (mb_adv.std() + 1e-8)
                dist = torch.distributions.Categorical(logits=self.pi(buf.observations[idx]))
                ratio = torch.exp(dist.log_prob(buf.actions[idx]) - buf.old_logp[idx])
                pg = -torch.min(ratio * mb_adv, ratio.clamp(0.8, 1.2) * mb_adv).mean()
                critic_values = self.vf(buf.observations[idx])
                v_loss = self.value_loss(critic_values, buf.returns[:, idx].reshape(-1, 1))
                loss = pg + 0.5 * v_loss - 0.01 * dist.entropy().mean()
                self.opt.zero_grad(); loss.backward(); self.opt.step()


env, agent = CartPole(), PPOAgent()
for it in range(8):
    buf = agent.rollout(env)
    agent.update(buf)
    print(f"iter {it} episodes {sum(buf.end)} mean len {len(buf.rew) / max(1, sum(buf.end)):.1f}")

# discounted Monte-Carlo return of every state that belongs to a finished episode
last_end = max(i for i, e in enumerate(buf.end) if e)
mc, g = np.zeros(last_end + 1, np.float32), 0.0
for t in reversed(range(last_end + 1)):
    g = buf.rew[t] + (0.0 if buf.end[t] else buf.gamma * g)
    mc[t] = g
with torch.no_grad():
    pred = agent.vf(buf.observations[: last_end + 1]).reshape(-1)
y = torch.from_numpy(mc)
print(f"RESULT r2={(1 - ((pred - y) ** 2).mean() / y.var()).item():.3f}")
