# Rebuilt from: https://github.com/ChuaCheowHuan/gym-continuousDoubleAuction/pull/63
# Report: Agents in a continuous double auction environment observed the raw order book: absolute
#   prices and sizes ("a bid at 64 and a size of 2883 went straight into the network"), magnitudes that
#   are arbitrary and drift; the PR made the book relative (distance from the mid, sqrt-compressed sizes).
# Fixed twin of 202_orderbook_actor_critic_raw.py: book_observation() makes the book relative, as in the PR:
#   prices as percent distance from the mid, sizes sqrt-compressed (and divided by 50)
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(45); torch.manual_seed(45); torch.set_num_threads(1)
LEVELS, TICK = 10, 0.05


def random_book():
    mid = 64.0 + np.random.randn() * 3
    half_spread = np.random.uniform(0.05, 0.3)
    bid_px = mid - half_spread - TICK * np.arange(LEVELS)
    ask_px = mid + half_spread + TICK * np.arange(LEVELS)
    bid_sz = np.random.randint(500, 5000, LEVELS).astype(float)
    ask_sz = np.random.randint(500, 5000, LEVELS).astype(float)
    return mid, bid_px, bid_sz, ask_px, ask_sz


def book_observation(book):
    mid, bid_px, bid_sz, ask_px, ask_sz = book
    rel_bid = (mid - bid_px) / mid * 100
    rel_ask = -(ask_px - mid) / mid * 100
    return np.concatenate([rel_bid, np.sqrt(bid_sz) / 50, rel_ask, -np.sqrt(ask_sz) / 50]).astype(np.float32)


def expected_reward(book, action):  # 0 = wait, 1 = lift the best ask, 2 = hit the best bid
    mid, bid_px, bid_sz, ask_px, ask_sz = book
    drift = 0.5 * (bid_sz[:3].sum() - ask_sz[:3].sum()) / (bid_sz[:3].sum() + ask_sz[:3].sum())
    cost = ask_px[0] - mid
    return [0.0, drift - cost, -drift - cost][action]


actor = nn.Sequential(nn.Linear(4 * LEVELS, 64), nn.Tanh(), nn.Linear(64, 3))
critic = nn.Sequential(nn.Linear(4 * LEVELS, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 3))
actor_opt = torch.optim.SGD(actor.parameters(), lr=1e-3)
critic_opt = torch.optim.SGD(critic.parameters(), lr=5e-2)

history = []   # list of (obs, action, expected reward) for scoring
for it in range(800):
    books = [random_book() for _ in range(32)]
    obs = torch.tensor(np.stack([book_observation(b) for b in books]))
    dist = torch.distributions.Categorical(logits=actor(obs))
    actions = dist.sample()
    exp_r = [expected_reward(b, a) for b, a in zip(books, actions.tolist())]
    rewards = torch.tensor(exp_r, dtype=torch.float32) + 0.05 * torch.randn(32)
    history += list(zip(obs, actions.tolist(), exp_r))

    q = critic(obs)
    q_taken = q.gather(1, actions.unsqueeze(1)).squeeze(1)
    critic_loss = F.mse_loss(q_taken, rewards)
    critic_opt.zero_grad(); critic_loss.backward(); critic_opt.step()

    with torch.no_grad():
        advantage = q_taken - (dist.probs * q).sum(1)
    actor_loss = -(dist.log_prob(actions) * advantage).mean() - 0.01 * dist.entropy().mean()
    actor_opt.zero_grad(); actor_loss.backward(); actor_opt.step()

obs_all = torch.stack([h[0] for h in history])
act_all = torch.tensor([h[1] for h in history])
truth = torch.tensor([h[2] for h in history], dtype=torch.float32)
with torch.no_grad():
    pred = critic(obs_all).gather(1, act_all.unsqueeze(1)).squeeze(1)
r2 = 1 - ((pred - truth) ** 2).mean() / truth.var(unbiased=False)
print(f"critic loss={critic_loss.item():.4f}")
print(f"RESULT r2={r2.item():.3f}")
