# Rebuilt from: https://github.com/DLR-RM/stable-baselines3/issues/626
# Report: A user asked why the A2C value loss is written F.mse_loss(rollout_data.returns, values), with the
#   critic output as the "target" and the returns as the "input" (the reverse of the documented order).
# Not a bug (a look-alike that must stay silent): the critic head outputs (N, 1) but values.flatten() makes it
#   (N,) like the returns, and MSE is symmetric, so the swapped argument order gives the same loss/gradient.
# Our own code, written after the report (not copied from it); A2C with a shared body on a 1-D corridor
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(2); torch.manual_seed(2)
torch.set_num_threads(1)

N_CELLS, N_ENVS, N_STEPS, GAMMA = 9, 16, 8, 0.95


class Corridor:
    """Vectorized corridor: start anywhere, +1 on reaching the right end, small step cost."""
    def __init__(self, n):
        self.pos = np.random.randint(0, N_CELLS - 1, n)

    def obs(self):
        return np.eye(N_CELLS, dtype=np.float32)[self.pos]

    def step(self, actions):  # 0 left, 1 right
        self.pos = np.clip(self.pos + np.where(actions == 1, 1, -1), 0, N_CELLS - 1)
        done = self.pos == N_CELLS - 1
        reward = np.where(done, 1.0, -0.01).astype(np.float32)
        self.pos[done] = np.random.randint(0, N_CELLS - 1, done.sum())
        return reward, done.astype(np.float32)


class ActorCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(N_CELLS, 64), nn.Tanh())
        self.pi = nn.Linear(64, 2)
        self.v = nn.Linear(64, 1)

    def forward(self, x):
        h = self.body(x)
        return self.pi(h), self.v(h)


policy = ActorCritic()
optimizer = torch.optim.RMSprop(policy.parameters(), lr=7e-4, alpha=0.99, eps=1e-5)
env = Corridor(N_ENVS)

for update in range(400):
    obs_buf, act_buf, rew_buf, done_buf = [], [], [], []
    for _ in range(N_STEPS):
        obs = torch.from_numpy(env.obs())
        with torch.no_grad():
            logits, _ = policy(obs)
        actions = torch.distributions.Categorical(logits=logits).sample()
        r, d = env.step(actions.numpy())
        obs_buf.append(obs); act_buf.append(actions); rew_buf.append(r); done_buf.append(d)
    with torch.no_grad():
        _, last_v = policy(torch.from_numpy(env.obs()))
    ret = last_v.flatten().numpy()
    returns = []
    for r, d in zip(reversed(rew_buf), reversed(done_buf)):
        ret = r + GAMMA * ret * (1 - d)
        returns.insert(0, ret)
    returns = torch.tensor(np.concatenate(returns), dtype=torch.float32)   # (N,)

    obs_t, act_t = torch.cat(obs_buf), torch.cat(act_buf)
    logits, values = policy(obs_t)
    values = values.flatten()                                              # (N, 1) -> (N,)
    dist = torch.distributions.Categorical(logits=logits)
    advantages = returns - values.detach()
    policy_loss = -(advantages * dist.log_prob(act_t)).mean()
    value_loss = F.mse_loss(returns, values)
    loss = policy_loss + 0.5 * value_loss - 0.01 * dist.entropy().mean()
    optimizer.zero_grad(); loss.backward()
    nn.utils.clip_grad_norm_(policy.parameters(), 0.5)
    optimizer.step()
    if update % 100 == 0:
        print(f"update {update} value loss {value_loss.item():.4f} mean return {returns.mean().item():.3f}")

with torch.no_grad():
    logits, _ = policy(torch.eye(N_CELLS)[: N_CELLS - 1])
acc = (logits.argmax(1) == 1).float().mean()
print(f"RESULT acc={acc.item():.3f}")
