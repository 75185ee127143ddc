# Rebuilt from: https://github.com/thu-ml/tianshou/issues/945
# Report: "Potential bug in QRDQN and CQL": the reporter noticed that in the quantile loss
#   `curr_dist[np.arange(len(act)), act, :].unsqueeze(2)` is (batch, num_quantiles, 1) while
#   `batch.returns.unsqueeze(1)` is (batch, 1, num_quantiles) and suspected a broadcasting bug
#   (labelled "not reproduced yet"); the shapes are the standard QR-DQN construction.
# Not a bug (a look-alike that must stay silent): the (B, N, 1) vs (B, 1, N) broadcast inside
#   F.smooth_l1_loss(..., reduction="none") is intended -- quantile regression compares every
#   predicted quantile with every target sample, and the loss is then weighted by |tau_hat - 1{u<0}|.
# Our own code, written after the report (not copied from it)
from types import SimpleNamespace
from typing import Any, Dict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

N_STATES, N_ACTIONS, GAMMA = 12, 3, 0.9


def make_random_mdp(rng: np.random.RandomState):
    P = np.zeros((N_STATES, N_ACTIONS, N_STATES))
    for s in range(N_STATES):
        for a in range(N_ACTIONS):
            nxt = rng.choice(N_STATES, size=3, replace=False)
            P[s, a, nxt] = rng.dirichlet(np.ones(3))
    R = rng.uniform(-1.0, 1.0, size=(N_STATES, N_ACTIONS))
    R_std = rng.uniform(0.1, 1.0, size=(N_STATES, N_ACTIONS))
    return P, R, R_std


def optimal_q(P: np.ndarray, R: np.ndarray) -> np.ndarray:
    q = np.zeros((N_STATES, N_ACTIONS))
    for _ in range(500):
        q = R + GAMMA * P @ q.max(1)
    return q


class ReplayBuffer:
    def __init__(self, size: int, obs_dim: int) -> None:
        self.obs = np.zeros((size, obs_dim), dtype=np.float32)
        self.obs_next = np.zeros((size, obs_dim), dtype=np.float32)
        self.act = np.zeros(size, dtype=np.int64)
        self.rew = np.zeros(size, dtype=np.float32)
        self.done = np.zeros(size, dtype=np.float32)
        self._index, self._size, self.maxsize = 0, 0, size

    def add(self, obs, act, rew, done, obs_next) -> None:
        i = self._index
        self.obs[i], self.act[i], self.rew[i], self.done[i], self.obs_next[i] = obs, act, rew, done, obs_next
        self._index = (self._index + 1) % self.maxsize
        self._size = min(self._size + 1, self.maxsize)

    def sample_indices(self, batch_size: int) -> np.ndarray:
        return np.random.randint(0, self._size, size=batch_size)

    def __getitem__(self, indices: np.ndarray) -> SimpleNamespace:
        return SimpleNamespace(obs=self.obs[indices], act=self.act[indices], rew=self.rew[indices],
                               done=self.done[indices], obs_next=self.obs_next[indices])


class QuantileNet(nn.Module):
    def __init__(self, obs_dim: int, action_num: int, num_quantiles: int) -> None:
        super().__init__()
        self.action_num, self.num_quantiles = action_num, num_quantiles
        self.net = nn.Sequential(nn.Linear(obs_dim, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                                 nn.Linear(128, action_num * num_quantiles))

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.net(obs).view(-1, self.action_num, self.num_quantiles)


class QRDQNPolicy:
    def __init__(self, model: QuantileNet, optim: torch.optim.Optimizer, discount_factor: float = 0.9,
                 num_quantiles: int = 32, target_update_freq: int = 100) -> None:
        self.model = model
        self.model_old = QuantileNet(model.net[0].in_features, model.action_num, num_quantiles)
        self.model_old.load_state_dict(model.state_dict())
        self.optim = optim
        self._gamma = discount_factor
        self._freq = target_update_freq
        self._iter = 0
        tau = torch.linspace(0, 1, num_quantiles + 1)
        self.tau_hat = ((tau[:-1] + tau[1:]) / 2).view(1, -1, 1)

    def sync_weight(self) -> None:
        self.model_old.load_state_dict(self.model.state_dict())

    def __call__(self, obs: np.ndarray, model: str = "model") -> SimpleNamespace:
        logits = getattr(self, model)(torch.as_tensor(obs))
        q = logits.mean(2)
        return SimpleNamespace(logits=logits, act=q.argmax(dim=1).numpy())

    def _target_q(self, batch: SimpleNamespace) -> torch.Tensor:
        with torch.no_grad():
            act = self(batch.obs_next).act
            next_dist = self(batch.obs_next, model="model_old").logits
        next_dist = next_dist[np.arange(len(act)), act, :]
        return next_dist  # shape: [bsz, num_quantiles]

    def process_fn(self, batch: SimpleNamespace) -> SimpleNamespace:
        target_q = self._target_q(batch)
        rew = torch.as_tensor(batch.rew).unsqueeze(1)
        not_done = 1.0 - torch.as_tensor(batch.done).unsqueeze(1)
        batch.returns = rew + self._gamma * not_done * target_q
        return batch

    def learn(self, batch: SimpleNamespace, **kwargs: Any) -> Dict[str, float]:
        if self._iter % self._freq == 0:
            self.sync_weight()
        self.optim.zero_grad()
        weight = getattr(batch, "weight", 1.0)
        curr_dist = self.model(torch.as_tensor(batch.obs))
        act = batch.act
        curr_dist = curr_dist[np.arange(len(act)), act, :].unsqueeze(2)
        target_dist = batch.returns.unsqueeze(1)
        # calculate each element's difference between curr_dist and target_dist
        dist_diff = F.smooth_l1_loss(target_dist, curr_dist, reduction="none")
        huber_loss = (dist_diff * (self.tau_hat - (target_dist - curr_dist).detach().le(0.0).float()).abs()).sum(-1).mean(1)
        loss = (huber_loss * weight).mean()
        loss.backward()
        self.optim.step()
        self._iter += 1
        return {"loss": loss.item()}


def one_hot(s: int) -> np.ndarray:
    v = np.zeros(N_STATES, dtype=np.float32)
    v[s] = 1.0
    return v


if __name__ == "__main__":
    rng = np.random.RandomState(0)
    P, R, R_std = make_random_mdp(rng)
    q_star = optimal_q(P, R)

    buffer = ReplayBuffer(6000, N_STATES)
    s = rng.randint(N_STATES)
    for _ in range(6000):
        a = rng.randint(N_ACTIONS)
        r = R[s, a] + R_std[s, a] * rng.randn()
        s_next = rng.choice(N_STATES, p=P[s, a])
        buffer.add(one_hot(s), a, r, 0.0, one_hot(s_next))
        s = s_next

    net = QuantileNet(N_STATES, N_ACTIONS, 32)
    optim = torch.optim.Adam(net.parameters(), lr=3e-3)
    policy = QRDQNPolicy(net, optim, discount_factor=GAMMA, num_quantiles=32, target_update_freq=50)

    for step in range(2000):
        batch = policy.process_fn(buffer[buffer.sample_indices(64)])
        info = policy.learn(batch)
        if step % 500 == 0:
            print(f"step {step:5d} loss {info['loss']:.4f}")

    with torch.no_grad():
        q_pred = policy(np.eye(N_STATES, dtype=np.float32)).logits.mean(2).numpy()
    r2 = 1.0 - np.sum((q_star - q_pred) ** 2) / np.sum((q_star - q_star.mean()) ** 2)
    print(f"RESULT r2={r2:.4f}")
