# Rebuilt from: https://github.com/google-deepmind/acme/issues/277
# Report: In the CRR (critic-regularized regression) learner, critic_loss and policy_loss combine
#   tensors of different shapes; the default broadcasting silently turns (batch,) with (batch, 1) into
#   a (batch, batch) tensor, "which is unexpected" and leads to wrong results.
# Fixed twin of 200_offline_critic_broadcast.py: q_tm1 squeezed to (B,) before subtracting the target
# Our own code, written after the report (not copied from it); PyTorch port of the critic step on a chain MDP
import copy
import numpy as np
import torch
import torch.nn as nn

np.random.seed(3); torch.manual_seed(3); torch.set_num_threads(1)
N_STATES, N_ACTIONS, DISCOUNT = 8, 2, 0.95
PI = np.array([0.3, 0.7])  # policy being evaluated: go right with prob 0.7


def env_step(s, a):
    s2 = min(max(s + (1 if a == 1 else -1), 0), N_STATES - 1)
    if s2 == N_STATES - 1:
        return s2, 1.0, 1.0
    return s2, -0.05, 0.0


def make_offline_dataset(n=3000):
    s = np.random.randint(0, N_STATES - 1, size=n)
    a = np.random.randint(0, N_ACTIONS, size=n)
    out = [env_step(si, ai) for si, ai in zip(s, a)]
    return {"obs": s, "action": a, "next_obs": np.array([o[0] for o in out]),
            "reward": np.array([o[1] for o in out], np.float32), "done": np.array([o[2] for o in out], np.float32)}


def featurize(s, a):
    s = torch.as_tensor(s, dtype=torch.float32).view(-1, 1) / (N_STATES - 1)
    return torch.cat([s, nn.functional.one_hot(torch.as_tensor(a).long(), N_ACTIONS).float()], dim=1)


critic = nn.Sequential(nn.Linear(3, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))
target_critic = copy.deepcopy(critic)
critic_opt = torch.optim.Adam(critic.parameters(), lr=1e-3)


def critic_loss(batch):
    q_tm1 = critic(featurize(batch["obs"], batch["action"]))                       # (B, 1)
    with torch.no_grad():
        s2 = np.repeat(batch["next_obs"], N_ACTIONS)
        a2 = np.tile(np.arange(N_ACTIONS), len(batch["next_obs"]))
        q_t = target_critic(featurize(s2, a2)).view(-1, N_ACTIONS)
        v_t = (q_t * torch.tensor(PI, dtype=torch.float32)).sum(1)                 # (B,)
        target = torch.tensor(batch["reward"]) + DISCOUNT * (1 - torch.tensor(batch["done"])) * v_t
    return ((q_tm1.squeeze(-1) - target) ** 2).mean()


data = make_offline_dataset()
for step in range(1500):
    idx = np.random.randint(0, len(data["obs"]), size=256)
    loss = critic_loss({k: v[idx] for k, v in data.items()})
    critic_opt.zero_grad()
    loss.backward()
    critic_opt.step()
    if step % 50 == 0:
        target_critic.load_state_dict(critic.state_dict())

# exact Q^pi by policy evaluation
Q = np.zeros((N_STATES, N_ACTIONS))
for _ in range(500):
    V = (Q * PI).sum(1)
    for s in range(N_STATES - 1):
        for a in range(N_ACTIONS):
            s2, r, d = env_step(s, a)
            Q[s, a] = r + DISCOUNT * (1 - d) * V[s2]
with torch.no_grad():
    pred = critic(featurize(data["obs"], data["action"])).view(-1)
truth = torch.tensor(Q[data["obs"], data["action"]], dtype=torch.float32)
r2 = 1 - ((pred - truth) ** 2).mean() / truth.var(unbiased=False)
print(f"final critic loss={loss.item():.4f}")
print(f"RESULT r2={r2.item():.3f}")
