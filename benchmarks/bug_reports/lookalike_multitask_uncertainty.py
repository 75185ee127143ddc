# Rebuilt from: https://github.com/yaringal/multi-task-learning-example/issues/16
# Report: A reader of the uncertainty-weighted multi-task example asked why criterion() ends with torch.mean(loss)
#   when loss "is just a single tensor value": per task it adds torch.sum(precision * (y_pred - y_true)**2 + log_var, -1).
#   The answer: the sum over -1 leaves one value per sample, so the mean is over the batch.
# Not a bug (a look-alike that must stay silent): each head outputs (N, 1) and each target is (N, 1), so the squared
#   differences are elementwise; the hand-written multi-term loss is summed per task and averaged over the batch.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


def gen_data(n=500, q=1):
    x = np.random.randn(n, q)
    y1 = 2.0 * x + 1.0 + 1.0 * np.random.randn(n, 1)       # noisy task
    y2 = 3.0 * x - 0.5 + 0.3 * np.random.randn(n, 1)       # cleaner task
    to_t = lambda a: torch.tensor(a, dtype=torch.float32)
    return to_t(x), to_t(y1), to_t(y2)


class MultiTaskModel(nn.Module):
    def __init__(self, q=1, hidden=64, n_tasks=2):
        super().__init__()
        self.shared = nn.Sequential(nn.Linear(q, hidden), nn.ReLU())
        self.heads = nn.ModuleList([nn.Linear(hidden, 1) for _ in range(n_tasks)])
        self.log_vars = nn.Parameter(torch.zeros(n_tasks))

    def forward(self, x):
        h = self.shared(x)
        return [head(h) for head in self.heads], self.log_vars


def criterion(y_pred, y_true, log_vars):
    loss = 0
    for i in range(len(y_pred)):
        precision = torch.exp(-log_vars[i])
        diff = (y_pred[i] - y_true[i]) ** 2.
        loss += torch.sum(precision * diff + log_vars[i], -1)
    return torch.mean(loss)


X, Y1, Y2 = gen_data()
model = MultiTaskModel()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(300):
    idx = torch.randperm(len(X))
    for i in range(0, len(X), 50):
        b = idx[i:i + 50]
        preds, log_vars = model(X[b])
        loss = criterion(preds, [Y1[b], Y2[b]], log_vars)
        opt.zero_grad()
        loss.backward()
        opt.step()

print("learned sigmas:", torch.exp(model.log_vars.detach() / 2).numpy().round(3))
with torch.no_grad():
    (p1, p2), _ = model(X)
    r2 = 1 - torch.mean((p2 - Y2) ** 2) / torch.var(Y2, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
