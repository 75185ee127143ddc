# Rebuilt from: https://xue-jishu.com/?p=17920
# Report: k networks each give a scalar prediction; stacking them gives an (N, k, 1) tensor and all share one target
#   t of shape (N, 1). The asker splits the stack per network (prediction[:, i]) and sums one MSE per network, and
#   asks whether there is a more efficient way; the answer confirms the per-network sum is the intended loss.
# Not a bug (a look-alike that must stay silent): stacked_predictions[:, i] is (N, 1), exactly the shape of t,
#   so every per-network MSELoss compares matching shapes even though the stacked tensor is 3-D.
# Our own code, written after the report (not copied from it); data generated in the script.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

N, D, K = 400, 6, 5
X = torch.randn(N, D)
t = (X[:, :1] * 1.5 - X[:, 1:2] ** 2 + 0.5 * X[:, 2:3] * X[:, 3:4] + 0.1 * torch.randn(N, 1))


class Ensemble(nn.Module):
    def __init__(self, k=K):
        super().__init__()
        self.members = nn.ModuleList(
            [nn.Sequential(nn.Linear(D, 32), nn.Tanh(), nn.Linear(32, 1)) for _ in range(k)])

    def forward(self, x):
        return torch.stack([m(x) for m in self.members], dim=1)   # (N, k, 1)


model = Ensemble()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

for epoch in range(300):
    stacked_predictions = model(X)
    predictions = [stacked_predictions[:, i] for i in range(stacked_predictions.size()[1])]
    loss = sum(criterion(prediction, t) for prediction in predictions)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.no_grad():
    ens = model(X).mean(dim=1)                                   # (N, 1)
r2 = 1 - ((ens - t) ** 2).mean().item() / t.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
