# Rebuilt from: https://discuss.pytorch.org/t/output-of-the-model-depends-on-the-shape-of-the-weights-tensor/148155
# Report: Training Linear(3, 1, bias=False) to output the sum of three inputs worked only when the
#   weight was set with shape [3], not [1, 3]. Answer: the [1024, 1] output vs [1024] target triggered
#   the broadcasting warning; with mse(out, y.unsqueeze(1)) both setups train identically.
# Not a bug (a look-alike that must stay silent): the inputs come from torch.rand, i.e. they are
#   already in [0, 1]; no scaling is needed (and the target shape is the corrected one).
# Our own code, written after the report (not copied from it)
import torch
from torch.nn import Sequential as Seq, Linear as Lin
from torch.optim.lr_scheduler import ReduceLROnPlateau

torch.manual_seed(0)

X = torch.rand((1024, 3))
y = X[:, 0] + X[:, 1] + X[:, 2]

m = Seq(Lin(3, 1, bias=False))
m[0].weight = torch.nn.parameter.Parameter(torch.tensor([[0, 0, 0]], dtype=torch.float))

optim = torch.optim.SGD(m.parameters(), lr=10e-2)
scheduler = ReduceLROnPlateau(optim, "min", factor=0.5, patience=20)
mse = torch.nn.MSELoss()

for epoch in range(500):
    optim.zero_grad()
    out = m(X)
    loss = mse(out, y.unsqueeze(1))
    loss.backward()
    optim.step()
    if epoch % 100 == 0:
        print(loss.item())
    scheduler.step(loss.item())

with torch.no_grad():
    out = m(X)
    r2 = 1 - ((out - y.unsqueeze(1)) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
