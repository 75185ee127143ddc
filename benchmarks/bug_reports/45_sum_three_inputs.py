# Rebuilt from: https://whosebug.com/question/6496401/Output-of-the-model-depends-on-the-shape-of-the-weights-tensor
# Report: a bias-free Linear(3, 1) should learn to sum three inputs. With the weight initialised as a
#   [1, 3] tensor the loss stays around 0.5 and the model never learns; re-declaring the weight as a
#   flat [3] tensor "solves" it to 1e-12. Why would the result depend on the weight's shape?
# Bug (planted: TL001): out = m(X) is (1024, 1) while y = X[:, 0] + X[:, 1] + X[:, 2] is (1024,), so mse(out, y)
#   averages a (1024, 1024) matrix of all pairs; the answer: the target needs y.unsqueeze(-1).
# Our own code, written after the report (not copied from it)
import torch
from torch.nn import Sequential as Seq, Linear as Lin
from torch.optim.lr_scheduler import ReduceLROnPlateau

torch.manual_seed(0)

X = torch.rand((1024, 3))
y = X[:, 0] + X[:, 1] + X[:, 2]
m = Seq(Lin(3, 1, bias=False))

# option 1: weight of shape [1, 3]
m[0].weight = torch.nn.parameter.Parameter(torch.tensor([[0, 0, 0]], dtype=torch.float))
# option 2: weight of shape [3] (this one "worked")
# m[0].weight = torch.nn.parameter.Parameter(torch.tensor([0, 0, 0], dtype=torch.float))

optim = torch.optim.SGD(m.parameters(), lr=10e-2)
scheduler = ReduceLROnPlateau(optim, "min", factor=0.5, patience=20)
mse = torch.nn.MSELoss()
for epoch in range(500):
    optim.zero_grad()
    out = m(X)
    loss = mse(out, y)
    loss.backward()
    optim.step()
    if epoch % 100 == 0:
        print(epoch, loss.item())
    scheduler.step(loss)

print("weights", m[0].weight.data)
with torch.no_grad():
    pred, target = m(X).reshape(-1), y.reshape(-1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
