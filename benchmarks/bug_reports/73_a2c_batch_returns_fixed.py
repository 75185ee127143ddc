# Rebuilt from: https://github.com/thu-ml/tianshou/pull/155
# Report: "The original `r - v`'s shape in A2C is wrong": in A2CPolicy.learn the returns come out of the
#   batch as shape [bsz] while the critic outputs [bsz, 1], so both the advantage and the value loss
#   are computed on broadcast tensors; the fix was `r = batch.returns[:, None]`.
# Fixed twin of 73_a2c_batch_returns.py: returns are reshaped to (B,1) (`batch["returns"][:, None]`)
#   and log_prob to (B,1), so the advantage and F.mse_loss(r, v) work on matching shapes.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(2); torch.manual_seed(2)
torch.set_num_threads(1)


class VectorReachEnv:
    """n 1-D cursors must track random targets; reward is minus the distance each step"""
    def __init__(self, n=16):
        self.n = n

    def reset(self):
        self.pos, self.target = np.random.uniform(0, 1, (2, self.n))
        self.t = 0
        return self.obs()

    def obs(self):
        return np.stack([self.pos, self.target, self.pos - self.target,
                         np.full(self.n, self.t / 25)], 1).astype(np.float32)

    def step(self, a):                 # 0 = left, 1 = stay, 2 = right
        self.pos = np.clip(self.pos + 0.05 * (a - 1), 0, 1)
        self.t += 1
        return self.obs(), -np.abs(self.pos - self.target), self.t >= 25


class Collector:
    def __init__(self, env, gamma=0.95):
        self.env, self.gamma = env, gamma

    def collect(self, policy):
        o, done, traj = self.env.reset(), False, []
        while not done:
            a = policy.act(o)
            o2, r, done = self.env.step(a)
            traj.append((o, a, r))
            o = o2
        obs, act, rets, g = [], [], [], np.zeros(self.env.n)
        for o_, a_, r_ in reversed(traj):        # discounted reward-to-go, one python step at a time
            g = r_ + self.gamma * g
            obs.append(o_); act.append(a_); rets.append(g.copy())
        return {"obs": torch.tensor(np.concatenate(obs)), "act": torch.tensor(np.concatenate(act)),
                "returns": torch.tensor(np.concatenate(rets), dtype=torch.float32)}


class A2CPolicy:
    def __init__(self):
        self.actor = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 3))
        self.critic = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 1))
        self.optim = torch.optim.Adam([{"params": self.actor.parameters(), "lr": 1e-3},
                                      {"params": self.critic.parameters(), "lr": 1e-2}])

    def act(self, o):
        with torch.no_grad():
            return torch.distributions.Categorical(logits=self.actor(torch.from_numpy(o))).sample().numpy()

    def learn(self, batch, repeat=5, vf_coef=1.0, ent_coef=0.01):
        losses = []
        for _ in range(repeat):
            dist = torch.distributions.Categorical(logits=self.actor(batch["obs"]))
            v = self.critic(batch["obs"])
            r = batch["returns"][:, None]
            log_prob = dist.log_prob(batch["act"]).reshape(len(r), -1)
            a_loss = -(log_prob * (r - v).detach()).mean()
            vf_loss = F.mse_loss(r, v)
            loss = a_loss + vf_coef * vf_loss - ent_coef * dist.entropy().mean()
            self.optim.zero_grad(); loss.backward(); self.optim.step()
            losses.append(vf_loss.item())
        return losses


policy, collector = A2CPolicy(), Collector(VectorReachEnv())
for epoch in range(150):
    batch = collector.collect(policy)
    policy.learn(batch)
    if epoch % 50 == 0:
        print(epoch, "mean return", batch["returns"].mean().item())

with torch.no_grad():
    pred = policy.critic(batch["obs"]).reshape(-1)
y = batch["returns"]
print(f"RESULT r2={(1 - ((pred - y) ** 2).mean() / y.var()).item():.3f}")
