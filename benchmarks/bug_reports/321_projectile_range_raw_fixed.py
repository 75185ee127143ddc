# Rebuilt from: https://ajg91.github.io/posts/2025-08-31-linear-regression-with-scikit-learn
# Report: blog post applying PyTorch to a projectile-motion regression; it stresses that the inputs must be
#   normalized before the linear layers because raw-sized inputs make gradient descent "bounce around",
#   blow up the gradients and keep the model from learning; it normalizes with (x - mean) / std.
# Fixed twin of 321_projectile_range_raw.py: features = gaussian_norm(features, std, mean) before training, as in the post
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(3)
torch.manual_seed(3)
g = 9.81

def simulate(n):
    data = []
    for _ in range(n):
        v0 = np.random.uniform(10, 100)
        theta = np.random.uniform(10, 80)
        rng = v0 ** 2 * np.sin(2 * np.radians(theta)) / g
        data.append((v0, theta, rng / 1000.0))        # range in km
    return np.array(data, dtype=np.float32)

def gaussian_norm(x, std, mean):
    return (x - mean) / std

data = simulate(300)
features = torch.from_numpy(data[:, :2])
target = torch.from_numpy(data[:, 2:3])              # (N,1) already
features = gaussian_norm(features, features.std(0), features.mean(0))

class RangeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))

model = RangeNet()
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

for epoch in range(1000):
    optimizer.zero_grad()
    pred = model(features)
    loss = loss_fn(pred, target)
    loss.backward()
    optimizer.step()
    if epoch % 250 == 0:
        print("epoch", epoch, "mse", loss.item())

with torch.no_grad():
    p = model(features).view(-1)
    t = target.view(-1)
    r2 = 1 - ((p - t) ** 2).mean() / t.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
