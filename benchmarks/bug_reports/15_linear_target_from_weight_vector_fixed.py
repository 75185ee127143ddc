# Fixed twin of 15_linear_target_from_weight_vector.py: the targets get their column, (N, 1).
# Rebuilt from: https://github.com/pytorch/pytorch/issues/19699
# Report: "MSE Loss between tensor A with shape (N, 1), and tensor B with shape (N)
#   is different than loss between tensor A with shape (N,1) and tensor B with
#   shape(N,1)" (2.0373 against 1.7123); expected the same result or an error.
# The bug (TL001) of its twin, fixed here: synthetic targets made with a weight vector,
#   `X @ true_w` with true_w of shape (5,), are (N,); nn.Linear(5, 1) returns
#   (N, 1), so MSELoss broadcasts to (N, N).
# Our own code, written after the report (not copied from it).
import torch
import torch.nn as nn

torch.manual_seed(0)
n_samples = 300
X = torch.randn(n_samples, 5)
true_w = torch.tensor([1.5, -2.0, 0.5, 0.0, 3.0])
y = (X @ true_w + 0.1 * torch.randn(n_samples)).unsqueeze(1)

model = nn.Linear(5, 1)
loss = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
for step in range(300):
    optimizer.zero_grad()
    output = loss(model(X), y)
    output.backward()
    optimizer.step()

with torch.no_grad():
    pred = model(X).reshape(-1)
    target = y.reshape(-1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var()
print(f"RESULT r2={r2.item():.3f}")
