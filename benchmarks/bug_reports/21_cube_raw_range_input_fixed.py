# Fixed twin of 21_cube_raw_range_input.py: the input is standardized too.
# Rebuilt from: https://discuss.pytorch.org/t/neural-network-could-not-learn-on-this-type-of-data-why/96648
# Report: a 1-50-1 network cannot learn y = x**3 for x = 1..3999; the answer:
#   normalize the input (and the target) and it learns.
# The bug (TL002) of its twin, fixed here: the target is standardized but the input keeps its raw
#   range 1..3999, so the first layer's pre-activations reach thousands.
# Our own code, written after the report (not copied from it).
import torch
import torch.nn as nn
import torch.nn.functional as F


class Network(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(in_features=1, out_features=50)
        self.fc2 = nn.Linear(in_features=50, out_features=1)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


inputs = torch.tensor([x for x in range(1, 4000)]).float().unsqueeze(1)
inputs = (inputs - inputs.mean()) / inputs.std()
target = inputs ** 3
target_norm = (target - target.mean()) / target.std()

torch.manual_seed(0)
model = Network()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
criterion = nn.MSELoss()
for epoch in range(500):
    optimizer.zero_grad()
    out = model(inputs)
    loss = criterion(out, target_norm)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    pred = model(inputs)
    r2 = 1 - ((pred - target_norm) ** 2).mean() / target_norm.var()
print(f"RESULT r2={r2.item():.3f}")
