# Rebuilt from: https://github.com/pytorch/pytorch/issues/56542
# Report: "not necessarily a bug": for binary classification with nn.Linear(3, 1) and
#   BCEWithLogitsLoss the target has to be shaped (N, 1) to match the network's implicit output
#   dimension, while CrossEntropyLoss wants an (N,) target; the user finds this inconsistent.
# Not a bug (a look-alike that must stay silent): the target is built as (N, 1) with unsqueeze(1), the
#   same shape as the (N, 1) logits, so BCEWithLogitsLoss is element-wise per sample, no broadcasting.
# Our own code, written after the report (not copied from it); data: synthetic, made in the script
import torch
import torch.nn as nn

torch.manual_seed(0)

n = 512
inputs = torch.randn(n, 3)
true_w = torch.tensor([1.5, -2.0, 0.5])
labels = (inputs @ true_w + 0.3 * torch.randn(n) > 0).float()   # (N,)
target = labels.unsqueeze(1)                                      # (N, 1) to match Linear(3, 1)

simple_net = nn.Linear(3, 1)
loss_bce = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(simple_net.parameters(), lr=0.5)

for step in range(200):
    pred = simple_net(inputs)          # (N, 1)
    loss = loss_bce(pred, target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 50 == 0:
        print(f"step {step} loss {loss.item():.4f}")

with torch.no_grad():
    acc = ((simple_net(inputs) > 0).float() == target).float().mean().item()
print(f"RESULT acc={acc:.3f}")
