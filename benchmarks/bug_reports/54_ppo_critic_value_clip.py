# Rebuilt from: https://github.com/RLinf/RLinf/issues/1568
# Report: In the OpenPI PPO path, rollout values and returns are stored with shape [B, 1], but the value
#         head output recomputed during the PPO update has shape [B]. The critic loss computes
#         `returns - values` and `values - prev_values` directly, which silently broadcasts to [B, B]:
#         every value prediction is trained against every return, collapsing toward the batch mean and
#         corrupting the value-clipping statistics.
# Bug (planted: TL001): ValueNet.forward ends with .squeeze(-1) ([B]) while returns/prev_values in the
#         buffer are [B, 1]; the hand-written clipped squared error broadcasts to [B, B] (no warning).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(0)

OBS, N_ENVS, T, GAMMA = 4, 16, 48, 0.95
A = np.array([[0.95, 0.10, 0.0, 0.0], [-0.10, 0.95, 0.0, 0.0],
              [0.0, 0.0, 0.90, 0.20], [0.0, 0.0, -0.20, 0.90]])
K = rng.normal(0, 0.3, size=(2, OBS))              # frozen actor (critic warm-up phase)
B_in = rng.normal(0, 0.1, size=(OBS, 2))


def rollout():
    s = rng.normal(0, 1.5, size=(N_ENVS, OBS))
    obs, rews = [], []
    for t in range(T):
        a = -s @ K.T + rng.normal(0, 0.3, size=(N_ENVS, 2))
        r = 0.1 - 0.02 * (s ** 2).sum(1) - 0.01 * (a ** 2).sum(1)
        obs.append(np.concatenate([s, np.full((N_ENVS, 1), (T - t) / T)], axis=1))
        rews.append(r)
        s = s @ A.T + a @ B_in.T + rng.normal(0, 0.1, size=(N_ENVS, OBS))
    returns = np.zeros((T, N_ENVS))
    running = np.zeros(N_ENVS)
    t = T - 1
    while t >= 0:                                  # reward-to-go, episode ends at T
        running = rews[t] + GAMMA * running
        returns[t] = running
        t -= 1
    return np.concatenate(obs).astype(np.float32), returns.reshape(-1).astype(np.float32)


class ValueNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(OBS + 1, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh())
        self.value_head = nn.Linear(64, 1)

    def forward(self, obs):
        return self.value_head(self.body(obs)).squeeze(-1)


def critic_loss(values, prev_values, returns, clip=0.2):
    values_clipped = prev_values + (values - prev_values).clamp(-clip, clip)
    loss_unclipped = (returns - values) ** 2
    loss_clipped = (returns - values_clipped) ** 2
    return 0.5 * torch.max(loss_unclipped, loss_clipped).mean()


critic = ValueNet()
optim = torch.optim.Adam(critic.parameters(), lr=3e-3)

for it in range(30):
    obs_np, ret_np = rollout()
    obs = torch.from_numpy(obs_np)
    with torch.no_grad():
        prev_values = critic(obs).reshape(-1, 1)            # stored in the buffer as [B, 1]
    returns = torch.from_numpy(ret_np).unsqueeze(-1)        # [B, 1]
    for epoch in range(4):
        perm = torch.randperm(len(obs))
        for i in range(0, len(obs), 192):
            mb = perm[i:i + 192]
            values = critic(obs[mb])
            loss = critic_loss(values, prev_values[mb], returns[mb])
            optim.zero_grad()
            loss.backward()
            optim.step()
    if it % 10 == 0:
        print(f"iter {it:2d} critic_loss {loss.item():.4f}")

with torch.no_grad():
    v = critic(obs).reshape(-1)
    t = returns.reshape(-1)
    r2 = 1 - torch.mean((v - t) ** 2) / torch.var(t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
