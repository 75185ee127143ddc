# Rebuilt from: https://github.com/ray-project/ray/pull/60729
# Report: While updating the RLlib TQC examples, torch's HuberLoss warned that its inputs had different shapes
#   (critic quantiles (256, 25) vs truncated target quantiles (256, 46)). The PR "fixed" it by .expand()-ing
#   both sides to (batch, n_quantiles, n_target_quantiles) before calling HuberLoss; the values are unchanged.
# Not a bug (a look-alike that must stay silent): the quantile Huber loss of TQC/QR-DQN is defined over ALL
#   pairs (current quantile i, target quantile j); quantiles.unsqueeze(2) vs target_quantiles.unsqueeze(1)
#   broadcasting to (B, N, M) is exactly that pairwise term, weighted by |tau_i - 1{td_error < 0}|.
# Our own code, written after the report (not copied from it)
import copy

import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

OBS_DIM, ACT_DIM = 3, 1
GAMMA, P_TERMINATE = 0.9, 0.4


# ---------------------------------------------------------------------------
# a small stochastic MDP evaluated under a uniform-random policy (offline transitions)
# ---------------------------------------------------------------------------
def reward_fn(s, a, rng):
    return np.sin(2.0 * s[:, 0]) + s[:, 1] * s[:, 2] + 0.5 * a[:, 0] + rng.normal(0, 0.3, len(s))


def next_state_fn(s, rng):
    return np.clip(0.8 * s + rng.normal(0, 0.2, s.shape), -1, 1)


def make_transitions(n, rng):
    s = rng.uniform(-1, 1, (n, OBS_DIM))
    a = rng.uniform(-1, 1, (n, ACT_DIM))
    r = reward_fn(s, a, rng)
    s2 = next_state_fn(s, rng)
    a2 = rng.uniform(-1, 1, (n, ACT_DIM))
    done = (rng.uniform(size=n) < P_TERMINATE).astype(np.float64)
    as_t = lambda z: torch.as_tensor(z, dtype=torch.float32)
    return {"obs": as_t(s), "actions": as_t(a), "rewards": as_t(r), "next_obs": as_t(s2),
            "next_actions": as_t(a2), "terminateds": as_t(done)}


def monte_carlo_q(s, a, rng, n_rollouts=64):
    s = np.repeat(s, n_rollouts, axis=0)
    a = np.repeat(a, n_rollouts, axis=0)
    total = np.zeros(len(s))
    alive = np.ones(len(s))
    discount = 1.0
    for _ in range(40):
        total += alive * discount * reward_fn(s, a, rng)
        alive *= (rng.uniform(size=len(s)) >= P_TERMINATE)
        discount *= GAMMA
        s = next_state_fn(s, rng)
        a = rng.uniform(-1, 1, a.shape)
    return total.reshape(-1, n_rollouts).mean(1)


# ---------------------------------------------------------------------------
# quantile critics
# ---------------------------------------------------------------------------
class QuantileCritic(nn.Module):
    def __init__(self, n_quantiles, hidden=64):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(OBS_DIM + ACT_DIM, hidden), nn.ReLU(),
                                 nn.Linear(hidden, hidden), nn.ReLU(),
                                 nn.Linear(hidden, n_quantiles))

    def forward(self, obs, act):
        return self.net(torch.cat([obs, act], dim=-1))


def quantile_huber_loss_per_sample(quantiles, target_quantiles, kappa=1.0):
    """quantiles: (batch, n_quantiles); target_quantiles: (batch, n_target_quantiles)."""
    n_quantiles = quantiles.shape[1]
    tau = (torch.arange(n_quantiles, dtype=quantiles.dtype) + 0.5) / n_quantiles

    td_error = target_quantiles.unsqueeze(1) - quantiles.unsqueeze(2)
    huber_loss_fn = nn.HuberLoss(reduction="none", delta=kappa)
    huber_loss = huber_loss_fn(quantiles.unsqueeze(2), target_quantiles.unsqueeze(1))

    quantile_weight = torch.abs(tau.view(1, n_quantiles, 1) - (td_error < 0).float())
    return (quantile_weight * huber_loss).sum(dim=(1, 2))


class TQCLearner:
    def __init__(self, n_critics=2, n_quantiles=25, top_quantiles_to_drop_per_net=2, lr=1e-3, tau=0.01):
        self.critics = nn.ModuleList([QuantileCritic(n_quantiles) for _ in range(n_critics)])
        self.target_critics = copy.deepcopy(self.critics)
        self.optimizer = torch.optim.Adam(self.critics.parameters(), lr=lr)
        self.n_critics = n_critics
        self.n_quantiles = n_quantiles
        self.n_target_quantiles = n_critics * (n_quantiles - top_quantiles_to_drop_per_net)
        self.tau = tau

    def compute_loss_for_module(self, batch):
        batch_size = batch["obs"].shape[0]
        with torch.no_grad():
            qf_target_next = torch.stack(
                [c(batch["next_obs"], batch["next_actions"]) for c in self.target_critics], dim=1)
            qf_target_next_flat = qf_target_next.reshape(batch_size, -1)
            qf_target_next_sorted, _ = torch.sort(qf_target_next_flat, dim=1)
            truncated = qf_target_next_sorted[:, :self.n_target_quantiles]
            rewards = batch["rewards"].unsqueeze(1)
            terminateds = batch["terminateds"].unsqueeze(1)
            target_quantiles = rewards + (1.0 - terminateds) * GAMMA * truncated

        critic_loss = torch.tensor(0.0)
        for critic in self.critics:
            critic_quantiles = critic(batch["obs"], batch["actions"])
            critic_loss = critic_loss + quantile_huber_loss_per_sample(critic_quantiles, target_quantiles).mean()
        return critic_loss

    def update(self, batch):
        loss = self.compute_loss_for_module(batch)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        with torch.no_grad():
            for p, tp in zip(self.critics.parameters(), self.target_critics.parameters()):
                tp.mul_(1 - self.tau).add_(self.tau * p)
        return loss.item()

    def q_mean(self, obs, act):
        with torch.no_grad():
            return torch.stack([c(obs, act) for c in self.critics], dim=1).mean(dim=(1, 2))


rng = np.random.default_rng(1)
data = make_transitions(10000, rng)
learner = TQCLearner()
n = data["obs"].shape[0]
for step in range(600):
    idx = torch.randint(0, n, (128,))
    loss = learner.update({k: v[idx] for k, v in data.items()})
    if step % 200 == 0:
        print(f"step {step:4d}  critic loss {loss:.4f}")

test_rng = np.random.default_rng(99)
s_test = test_rng.uniform(-1, 1, (300, OBS_DIM))
a_test = test_rng.uniform(-1, 1, (300, ACT_DIM))
q_true = monte_carlo_q(s_test, a_test, test_rng)
q_pred = learner.q_mean(torch.as_tensor(s_test, dtype=torch.float32),
                        torch.as_tensor(a_test, dtype=torch.float32)).numpy()
r2 = 1.0 - np.mean((q_true - q_pred) ** 2) / np.var(q_true)
print(f"RESULT r2={r2:.4f}")
