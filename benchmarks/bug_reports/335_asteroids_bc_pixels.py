# Rebuilt from: https://github.com/Unity-Technologies/ml-agents/issues/219
# Report: An agent for an "asteroids like" game (ship + asteroid positions and velocities as observations,
#   discrete turn/thrust actions) would not train; the answer pointed out the inputs were not normalized
#   and that coordinates should be divided by the largest possible value (range 0..1 or -1..1).
# Bug (planted: TL002): observations are raw screen coordinates (0..1280 px) and velocities (px/s, hundreds)
#   fed straight into an MLP trained with plain SGD; the policy diverges/stalls instead of cloning the expert.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(2)
torch.manual_seed(2)
W, H = 1280.0, 720.0


def expert_action(obs):
    # scripted pilot: 0 = turn left, 1 = turn right, 2 = thrust away, 3 = idle
    sx, sy, svx, svy, ax, ay, avx, avy = obs
    dx, dy = ax - sx, ay - sy
    dist = np.hypot(dx, dy)
    closing = -(dx * (avx - svx) + dy * (avy - svy)) / (dist + 1e-6)
    if dist < 250 and closing > 0:
        return 2
    if dist < 500:
        return 0 if dx > 0 else 1
    return 3


def load_data(n=4000):
    obs = np.c_[np.random.uniform(0, W, n), np.random.uniform(0, H, n),
                np.random.uniform(-300, 300, n), np.random.uniform(-300, 300, n),
                np.random.uniform(0, W, n), np.random.uniform(0, H, n),
                np.random.uniform(-300, 300, n), np.random.uniform(-300, 300, n)].astype(np.float32)
    acts = np.array([expert_action(o) for o in obs], dtype=np.int64)
    return obs, acts


class DemoDataset(Dataset):
    def __init__(self, obs, acts):
        self.obs, self.acts = obs, acts

    def __len__(self):
        return len(self.obs)

    def __getitem__(self, i):
        return torch.from_numpy(self.obs[i]), torch.tensor(self.acts[i])


obs, acts = load_data()
loader = DataLoader(DemoDataset(obs, acts), batch_size=64, shuffle=True)

policy = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 4))
opt = torch.optim.SGD(policy.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(15):
    total = 0.0
    for xb, yb in loader:
        loss = loss_fn(policy(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {total / len(loader):.4f}")

with torch.no_grad():
    pred = policy(torch.from_numpy(obs)).argmax(1).numpy()
print(f"RESULT acc={(pred == acts).mean():.3f}")
