# Rebuilt from: https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1
#   (a copy of the PyTorch forum thread "Simple Linear Regression in PyTorch")
# Report: a two-weight linear regression written with x.mm(weights) and Adam ends
#   far from the expected weights (0, 1); the answer: `out` is (4, 1), `y` is (4,),
#   `out - y` broadcasts to (4, 4); `out.view(-1)` fixed it.
# Bug (planted: TL001): the hand-written mean squared error compares a (4, 1)
#   prediction with a (4,) target.
# Our own code, written after the report (not copied from it).
import torch

x = torch.tensor([[1, 2.0], [1, 3.0], [1, 7.0], [1, 9.0]])
y = torch.tensor([2.0, 3.0, 7.0, 9.0])

torch.manual_seed(0)
weights = torch.randn(2, 1, requires_grad=True)
bias = torch.randn(1, requires_grad=True)
optimizer = torch.optim.Adam([weights, bias], lr=0.05)

for i in range(2000):
    out = x.mm(weights).add(bias)
    loss = torch.mean((out - y) ** 2)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.no_grad():
    pred = x.mm(weights).add(bias).reshape(-1)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var()
print(f"RESULT r2={r2.item():.3f}")
