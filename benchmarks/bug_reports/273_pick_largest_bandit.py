# Rebuilt from: https://github.com/Unity-Technologies/ml-agents/issues/1678
# Report: Toy task: the agent sees 10 random numbers drawn from 0..N and must pick the largest one.
#   Training is fine for N between 1 and 10, but with N = 100 and above it trains badly or not at all;
#   the observation value range "drastically affects training".
# Bug (planted: TL002): observe() hands the raw draws (0..N with N = 500) straight to the Q-network;
#   they are never divided by N / standardized before the first Linear layer.
# Our own code, written after the report (not copied from it); value-based contextual bandit, Trainer.fit() style
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(3); torch.manual_seed(3)
torch.set_num_threads(1)

N_NUMBERS, MAX_VALUE = 10, 500


class PickLargestEnv:
    """A batch of independent rounds: each row holds N_NUMBERS draws from 0..MAX_VALUE."""
    def reset(self, n):
        self.numbers = np.random.randint(0, MAX_VALUE + 1, size=(n, N_NUMBERS)).astype(np.float32)
        return self.observe()

    def observe(self):
        return self.numbers.copy()

    def step(self, actions):
        return (actions == self.numbers.argmax(1)).astype(np.float32)


class QNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(N_NUMBERS, 128)
        self.l2 = nn.Linear(128, 128)
        self.out = nn.Linear(128, N_NUMBERS)

    def forward(self, x):
        return self.out(F.relu(self.l2(F.relu(self.l1(x)))))


class Trainer:
    def __init__(self, env, net, lr=3e-3, batch=64):
        self.env, self.net, self.batch = env, net, batch
        self.opt = torch.optim.Adam(net.parameters(), lr=lr)

    def act(self, obs, eps):
        with torch.no_grad():
            greedy = self.net(torch.from_numpy(obs)).argmax(1).numpy()
        explore = np.random.rand(len(obs)) < eps
        return np.where(explore, np.random.randint(N_NUMBERS, size=len(obs)), greedy)

    def fit(self, updates=600):
        for u in range(updates):
            eps = max(0.1, 1.0 - u / 300)
            obs = self.env.reset(self.batch)
            acts = self.act(obs, eps)
            rews = self.env.step(acts)
            x = torch.from_numpy(obs)
            a = torch.from_numpy(acts).long().unsqueeze(1)
            r = torch.from_numpy(rews).unsqueeze(1)
            q = self.net(x).gather(1, a)
            loss = F.mse_loss(q, r)
            self.opt.zero_grad(); loss.backward(); self.opt.step()
            if u % 150 == 0:
                print(f"update {u} loss {loss.item():.4f} mean reward {r.mean().item():.2f}")

    def evaluate(self, n=2000):
        obs = self.env.reset(n)
        return float(self.env.step(self.act(obs, 0.0)).mean())


trainer = Trainer(PickLargestEnv(), QNet())
trainer.fit()
print(f"RESULT acc={trainer.evaluate():.3f}")
