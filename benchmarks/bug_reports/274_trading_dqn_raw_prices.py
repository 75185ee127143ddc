# Rebuilt from: https://github.com/opendilab/DI-engine/issues/694
# Report: A DQN agent trained on a gym_anytrading stocks environment (signal features = window of closing
#   prices and their differences) always ends up taking the same action (Short). The maintainer answers
#   that the features must be normalized: the input deviation is so large the network outputs extremes.
# Bug (planted: TL002): make_signal_features() feeds raw closing prices (~1500) and raw price diffs into
#   the Q-network; the window is never standardized.
# Our own code, written after the report (not copied from it); synthetic index prices in a pandas frame, DQN trained with SGD+momentum
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(7); torch.manual_seed(7)
torch.set_num_threads(1)

cfg = dict(window_size=10, gamma=0.9, lr=3e-3, batch_size=64, updates=1500, target_update=100)


def load_prices(n=2600):
    # AR(1) daily changes -> short-term momentum the agent can exploit
    chg = np.zeros(n)
    for t in range(1, n):
        chg[t] = 0.6 * chg[t - 1] + np.random.normal(0, 6.0)
    df = pd.DataFrame({"Close": 1500 + np.cumsum(chg)})
    df["Date"] = pd.date_range("2012-01-02", periods=n, freq="B")
    return df


def make_signal_features(df, window):
    prices = df["Close"].to_numpy(dtype=np.float32)
    diff = np.insert(np.diff(prices), 0, 0).astype(np.float32)
    feats = np.stack([np.concatenate([prices[t - window + 1:t + 1], diff[t - window + 1:t + 1]])
                      for t in range(window, len(prices) - 1)])
    return feats.astype(np.float32), prices


df = load_prices()
W = cfg["window_size"]
features, prices = make_signal_features(df, W)
ticks = np.arange(W, len(prices) - 1)
next_change = prices[ticks + 1] - prices[ticks]
split = 2000
# transitions (s, a, r, s'): action 0 = Short, 1 = Long; the action does not move the market
obs, obs_next = features[:split - 1], features[1:split]
rew_table = np.stack([-next_change[:split - 1], next_change[:split - 1]], 1).astype(np.float32) / 10.0

q_net = nn.Sequential(nn.Linear(2 * W, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2))
target_net = nn.Sequential(nn.Linear(2 * W, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2))
target_net.load_state_dict(q_net.state_dict())
optimizer = torch.optim.SGD(q_net.parameters(), lr=cfg["lr"], momentum=0.9)

for it in range(cfg["updates"]):
    idx = np.random.randint(0, len(obs), cfg["batch_size"])
    eps = max(0.05, 1 - it / 800)
    with torch.no_grad():
        greedy = q_net(torch.from_numpy(obs[idx])).argmax(1).numpy()
    act = np.where(np.random.rand(len(idx)) < eps, np.random.randint(0, 2, len(idx)), greedy)
    s = torch.from_numpy(obs[idx]); s2 = torch.from_numpy(obs_next[idx])
    a = torch.from_numpy(act).long()
    r = torch.from_numpy(rew_table[idx, act])
    with torch.no_grad():
        y = r + cfg["gamma"] * target_net(s2).max(1)[0]
    q = q_net(s).gather(1, a.unsqueeze(1)).squeeze(1)
    loss = F.smooth_l1_loss(q, y)
    optimizer.zero_grad(); loss.backward(); optimizer.step()
    if it % cfg["target_update"] == 0:
        target_net.load_state_dict(q_net.state_dict())
    if it % 300 == 0:
        print(f"it {it} loss {loss.item():.4f} short share {np.mean(greedy == 0):.2f}")

# evaluation on the held-out part: does the greedy action follow the expected next move?
test_obs = torch.from_numpy(features[split:])
with torch.no_grad():
    chosen = q_net(test_obs).argmax(1).numpy()
last_diff = features[split:, -1]
best = (last_diff > 0).astype(int)  # E[next change] = 0.6 * last change
print(f"test short share {np.mean(chosen == 0):.2f}")
print(f"RESULT acc={np.mean(chosen == best):.3f}")
