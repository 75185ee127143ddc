# Rebuilt from: https://github.com/yandexdataschool/nlp_course/pull/110
# Report: an adapter's smoke test warned "Using a target size (torch.Size([128]))
#   that is different to the input size (torch.Size([1, 128]))" at
#   `F.mse_loss(test_adapter(torch.ones(1, 128) / 128), torch.linspace(-1, 1, 128))`;
#   the PR reshaped the dummy target to silence the warning.
# Not a bug (a look-alike that must stay silent): (1, 128) against (128,)
#   broadcasts to (1, 128), the same 128 element-wise differences.
# Our own code, written after the report (not copied from it).
import torch
import torch.nn as nn
import torch.nn.functional as F


class Adapter(nn.Module):
    def __init__(self, dim=128, bottleneck=16):
        super().__init__()
        self.down = nn.Linear(dim, bottleneck)
        self.up = nn.Linear(bottleneck, dim)

    def forward(self, hidden):
        return hidden + self.up(torch.relu(self.down(hidden)))


torch.manual_seed(0)
test_adapter = Adapter()
optimizer = torch.optim.Adam(test_adapter.parameters(), lr=0.01)
target = torch.linspace(-1, 1, 128)
for step in range(200):
    dummy_loss = F.mse_loss(test_adapter(torch.ones(1, 128) / 128), target)
    optimizer.zero_grad()
    dummy_loss.backward()
    optimizer.step()

with torch.no_grad():
    pred = test_adapter(torch.ones(1, 128) / 128).reshape(-1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var()
print(f"RESULT r2={r2.item():.3f}")
