# Rebuilt from: https://github.com/MoMe36/BranchingDQN/issues/2
# Report: In a Branching Dueling Q-Network, loss = F.mse_loss(expected_q_vals, current_q_values) mixes a
#   target of size [128, 1] (one shared TD target per transition) with per-branch Q-values of size
#   [128, 4], and PyTorch warns "Using a target size ... different to the input size".
# Not a bug (a look-alike that must stay silent): the shared target y is meant to be regressed by every
#   branch (loss = mean over branches of (y - Q_d)^2); broadcasting [B,1] over [B,D] computes exactly that.
# Our own code, written after the report (not copied from it); a contextual bandit with 2 action branches
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(11); torch.manual_seed(11); torch.set_num_threads(1)
N_BRANCH, N_SUB, BATCH = 2, 5, 128
levels = torch.linspace(-1, 1, N_SUB)


def branch_reward(s, d, a_d):  # each joint's contribution, best sub-action depends on the context
    return -(levels[a_d] - torch.tanh(2 * s[:, d])) ** 2


class BranchingQNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(nn.Linear(2, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU())
        self.value_head = nn.Linear(128, 1)
        self.adv_heads = nn.ModuleList([nn.Linear(128, N_SUB) for _ in range(N_BRANCH)])

    def forward(self, x):
        out = self.model(x)
        value = self.value_head(out)
        advs = torch.stack([head(out) for head in self.adv_heads], dim=1)
        return value.unsqueeze(2) + advs - advs.mean(2, keepdim=True)   # (B, D, N_SUB)


q_net = BranchingQNetwork()
optimizer = torch.optim.Adam(q_net.parameters(), lr=1e-3)
memory_s = torch.rand(4000, 2) * 2 - 1
memory_a = torch.randint(0, N_SUB, (4000, N_BRANCH))
memory_r = sum(branch_reward(memory_s, d, memory_a[:, d]) for d in range(N_BRANCH)).unsqueeze(1)

for step in range(1500):
    idx = torch.randint(0, 4000, (BATCH,))
    b_s, b_a, b_r = memory_s[idx], memory_a[idx], memory_r[idx]
    current_q_values = q_net(b_s).gather(2, b_a.unsqueeze(2)).squeeze(-1)   # (B, D)
    expected_q_vals = b_r                                                  # (B, 1): one-step episodes
    loss = F.mse_loss(current_q_values, expected_q_vals)
    optimizer.zero_grad(); loss.backward(); optimizer.step()

# truth for branch d: E[r | s, a_d] with the other branch acting uniformly at random (the behaviour policy)
with torch.no_grad():
    pred = q_net(memory_s).gather(2, memory_a.unsqueeze(2)).squeeze(-1)
truth = torch.zeros_like(pred)
for d in range(N_BRANCH):
    other = 1 - d
    mean_other = torch.stack([branch_reward(memory_s, other, torch.full((4000,), k)) for k in range(N_SUB)]).mean(0)
    truth[:, d] = branch_reward(memory_s, d, memory_a[:, d]) + mean_other
r2 = 1 - ((pred - truth) ** 2).mean() / truth.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
