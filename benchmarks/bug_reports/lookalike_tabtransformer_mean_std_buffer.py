# Rebuilt from: https://github.com/lucidrains/tab-transformer-pytorch/pull/2
# Report: TabTransformer takes an optional continuous_mean_std tensor; the model normalizes the
#   raw continuous columns itself in forward() using that (num_continuous, 2) buffer. The PR fixes
#   the buffer registration so the attribute exists whether or not it is passed.
# Not a bug (a look-alike that must stay silent): income/age/tenure go into the model raw, but the
#   model standardizes them with the registered mean/std buffer before any Linear layer sees them.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(5)
rng = np.random.default_rng(5)

n = 500
income = rng.lognormal(10.8, 0.4, n)                # dollars per year
age = rng.uniform(18, 80, n)
tenure_days = rng.integers(0, 4000, n).astype(float)
region = rng.integers(0, 5, n)
spend = 0.004 * income + 8 * age + 0.05 * tenure_days + 150 * region + rng.normal(0, 60, n)

x_cont = torch.tensor(np.stack([income, age, tenure_days], 1), dtype=torch.float32)
x_categ = torch.tensor(region)
y = torch.tensor((spend - spend.mean()) / spend.std(), dtype=torch.float32).unsqueeze(1)
cont_mean_std = torch.stack([x_cont.mean(0), x_cont.std(0)], dim=1)   # (3, 2)


class SmallTabModel(nn.Module):
    def __init__(self, num_categories, num_continuous, dim=8, continuous_mean_std=None):
        super().__init__()
        self.embed = nn.Embedding(num_categories, dim)
        if continuous_mean_std is not None:
            assert continuous_mean_std.shape == (num_continuous, 2)
        self.register_buffer("continuous_mean_std", continuous_mean_std)
        self.norm = nn.LayerNorm(num_continuous)
        self.mlp = nn.Sequential(nn.Linear(dim + num_continuous, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x_categ, x_cont):
        if self.continuous_mean_std is not None:
            mean, std = self.continuous_mean_std.unbind(dim=-1)
            x_cont = (x_cont - mean) / std
        x = torch.cat([self.embed(x_categ), self.norm(x_cont)], dim=1)
        return self.mlp(x)


model = SmallTabModel(5, 3, continuous_mean_std=cont_mean_std)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(400):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x_categ, x_cont), y)
    loss.backward()
    opt.step()
    if step % 100 == 0:
        print(f"step {step} loss {loss.item():.4f}")

with torch.no_grad():
    r2 = 1 - torch.mean((model(x_categ, x_cont) - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
