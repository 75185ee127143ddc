# Rebuilt from: https://github.com/AI4Finance-Foundation/FinRL/issues/1181
# Report: In a FinRL-style stock trading environment the observation space holds values like
#   [100000, 180, 181.5, 180.2, ...] (cash balance next to prices and indicators); the reporter asks
#   whether the observations should be normalized/standardized because the model may be mistrained.
# Fixed twin of 201_trading_dqn_raw_obs.py: observations standardized with the replay buffer's mean/std
# Our own code, written after the report (not copied from it); data: stock_prices.csv from make_stock_prices.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

np.random.seed(44); torch.manual_seed(44); torch.set_num_threads(1)
ACTIONS = np.array([-10, 0, 10])   # sell 10 / hold / buy 10 shares
REWARD_SCALING = 1e-2


class StockTradingEnv:
    def __init__(self, df):
        self.df = df.reset_index(drop=True)
        self.df["sma_5"] = self.df.close.rolling(5).mean()
        self.df["sma_20"] = self.df.close.rolling(20).mean()

    def reset(self):
        self.day = np.random.randint(20, len(self.df) - 1)
        self.cash = np.random.uniform(50_000, 150_000)
        self.shares = float(np.random.randint(0, 201))
        return self._obs()

    def _obs(self):
        row = self.df.loc[self.day]
        return np.array([self.cash, self.shares, row.close, row.sma_5, row.sma_20], dtype=np.float32)

    def step(self, action):
        price, next_price = self.df.close[self.day], self.df.close[self.day + 1]
        self.shares = max(self.shares + ACTIONS[action], 0.0)
        self.cash -= ACTIONS[action] * price
        self.day += 1
        return self._obs(), self.shares * (next_price - price) * REWARD_SCALING

    def expected_reward(self, obs, action):  # noise-free part of the reward, for scoring only
        shares_after = np.maximum(obs[:, 1] + ACTIONS[action], 0.0)
        return shares_after * 0.3 * (obs[:, 4] - obs[:, 2]) * REWARD_SCALING


class Trainer:
    def __init__(self, env, buffer_size=4000):
        self.env = env
        self.q_net = nn.Sequential(nn.Linear(5, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
        self.optimizer = torch.optim.SGD(self.q_net.parameters(), lr=1e-3)
        self.obs_buf = np.zeros((buffer_size, 5), np.float32)
        self.act_buf = np.zeros(buffer_size, np.int64)
        self.rew_buf = np.zeros(buffer_size, np.float32)
        self.ptr, self.size, self.max_size = 0, 0, buffer_size
        self.obs_mean, self.obs_std = np.zeros(5, np.float32), np.ones(5, np.float32)

    def normalize(self, obs):
        return (obs - self.obs_mean) / self.obs_std

    def store(self, obs, act, rew):
        self.obs_buf[self.ptr], self.act_buf[self.ptr], self.rew_buf[self.ptr] = obs, act, rew
        self.ptr = (self.ptr + 1) % self.max_size
        self.size = min(self.size + 1, self.max_size)

    def collect(self, n_steps):
        for _ in range(n_steps):
            obs = self.env.reset()
            act = np.random.randint(len(ACTIONS))
            _, rew = self.env.step(act)
            self.store(obs, act, rew)

    def fit(self, iters=3000, batch_size=128):
        self.obs_mean = self.obs_buf[:self.size].mean(0)
        self.obs_std = self.obs_buf[:self.size].std(0) + 1e-8
        for it in range(iters):
            idx = np.random.randint(0, self.size, batch_size)
            q = self.q_net(torch.from_numpy(self.normalize(self.obs_buf[idx])))
            q_a = q.gather(1, torch.from_numpy(self.act_buf[idx]).unsqueeze(1)).squeeze(1)
            loss = ((q_a - torch.from_numpy(self.rew_buf[idx])) ** 2).mean()
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
        return loss.item()


env = StockTradingEnv(pd.read_csv("stock_prices.csv"))
trainer = Trainer(env)
trainer.collect(4000)
last_loss = trainer.fit()
obs, act = trainer.obs_buf[:trainer.size], trainer.act_buf[:trainer.size]
with torch.no_grad():
    pred = trainer.q_net(torch.from_numpy(trainer.normalize(obs))).gather(1, torch.from_numpy(act).unsqueeze(1)).squeeze(1)
truth = torch.tensor(env.expected_reward(obs, act), dtype=torch.float32)
r2 = 1 - ((pred - truth) ** 2).mean() / truth.var(unbiased=False)
print(f"last batch loss={last_loss:.4f}")
print(f"RESULT r2={r2.item():.3f}")
