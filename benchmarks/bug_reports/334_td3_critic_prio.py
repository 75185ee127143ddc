# Rebuilt from: https://github.com/thu-ml/tianshou/pull/159
# Report: While adding prioritized replay weights to the TD3 critic loss, the reviewer asked to
#   "make sure [n] * [n, 1] ==> [n, n] does not happen again": the critic returns Q of shape (n,1) while
#   returns and importance weights are (n,), and the hand-written weighted TD loss silently goes (n,n).
# Bug (planted: TL001): current_q = critic(obs, act) is (n,1) but target_q is (n,); td = current_q - target_q
#   broadcasts to (n,n), so every Q is regressed onto every target in the batch.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(1)
torch.manual_seed(1)
GAMMA, DT = 0.9, 0.1


class Critic(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, obs, act):
        return self.net(torch.cat([obs, act], dim=1))


def policy(obs):
    # fixed deterministic controller we evaluate (force in newtons, clipped)
    return np.clip(-2.0 * obs[:, :1] - 1.0 * obs[:, 1:2], -2, 2)


def make_buffer(n=3000):
    obs = np.c_[np.random.uniform(-2, 2, n), np.random.uniform(-1.5, 1.5, n)].astype(np.float32)
    act = np.random.uniform(-2, 2, (n, 1)).astype(np.float32)
    v = obs[:, 1] + act[:, 0] * DT
    x = obs[:, 0] + v * DT
    obs_next = np.c_[x, v].astype(np.float32)
    rew = (-(x ** 2) - 0.1 * act[:, 0] ** 2).astype(np.float32)
    weight = np.random.uniform(0.5, 1.5, n).astype(np.float32)   # stand-in for PER importance weights
    return [torch.tensor(a) for a in (obs, act, rew, obs_next, weight)]


obs, act, rew, obs_next, weight = make_buffer()
act_next = torch.tensor(policy(obs_next.numpy()), dtype=torch.float32)
critic, critic_old = Critic(), Critic()
critic_old.load_state_dict(critic.state_dict())
optim = torch.optim.Adam(critic.parameters(), lr=3e-3)


def learn(idx):
    with torch.no_grad():
        target_q = rew[idx] + GAMMA * critic_old(obs_next[idx], act_next[idx]).flatten()   # (n,)
    current_q = critic(obs[idx], act[idx])                                                  # (n,1)
    td = current_q - target_q
    loss = (td.pow(2) * weight[idx]).mean()
    optim.zero_grad()
    loss.backward()
    optim.step()
    return loss.item()


for it in range(1200):
    idx = torch.randint(0, len(obs), (128,))
    l = learn(idx)
    if it % 50 == 0:
        critic_old.load_state_dict(critic.state_dict())
    if it % 500 == 0:
        print(f"iter {it} critic loss {l:.4f}")

with torch.no_grad():
    y = rew + GAMMA * critic_old(obs_next, act_next).flatten()
    q = critic(obs, act).flatten()
    r2 = 1 - ((q - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
