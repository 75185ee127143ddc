# Rebuilt from: https://datascience.stackexchange.com/questions/81564/neural-network-regression-is-not-dynamic-enough-to-predict-target-range
# Report: a regression net trained with MSE gives a decent R^2 but the prediction-vs-target slope is below 1;
#   the reporter initialised the last layer's bias to the target mean (~0.8) and thought the net lacked
#   "dynamism". Self-answer: the premise was wrong, with noisy targets the best predictor regresses to the mean.
# Not a bug (a look-alike that must stay silent): the target is left unscaled but already lives around 0.8
#   (0..1.6), the bias is set to its mean on purpose, and output (N,1) matches the (N,1) target.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)


def make_dataset(n=1000, d=16):
    rng = np.random.default_rng(21)
    feats = rng.normal(size=(n, d)).astype(np.float32)
    signal = feats[:, :4] @ np.array([0.12, -0.08, 0.1, 0.05])
    target = 0.8 + signal + rng.normal(0, 0.06, n)              # noisy target around 0.8
    return torch.from_numpy(feats), torch.tensor(target, dtype=torch.float32).unsqueeze(1)


class Regressor(nn.Module):
    def __init__(self, d=16, target_mean=0.8):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.fc = nn.Linear(32, 1)
        nn.init.constant_(self.fc.bias, target_mean)

    def forward(self, x):
        return self.fc(self.features(x))


X, y = make_dataset()
model = Regressor(target_mean=float(y.mean()))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.MSELoss()
for epoch in range(80):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 32):
        b = perm[i:i + 32]
        opt.zero_grad()
        loss = criterion(model(X[b]), y[b])
        loss.backward()
        opt.step()

with torch.no_grad():
    pred = model(X)
slope = np.polyfit(y.view(-1).numpy(), pred.view(-1).numpy(), 1)[0]
print(f"slope of prediction vs target: {slope:.3f}")
r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
