# Rebuilt from: https://discuss.pytorch.org/t/some-questions-on-linear-regression/75920
# Report: a student extended the two-variable linear regression from an online class to
#   Y = 4.5*X1 + 3*X2 + 0.5*X1*X2 - 88 with data written as nested Python lists; the loss saturated
#   (around 0.17) because a Linear(2, 1) cannot represent the X1*X2 term.
# Not a bug (a look-alike that must stay silent): y_data is written as a list of one-element lists, so it is
#   (N,1) like the Linear output, and the inputs are small (1..6); with the interaction column added as a third
#   input (what the replies lead to) it fits; the raw -88 offset lives in the target, not in the features.
# Our own code, written after the report (not copied from it)
import torch
from torch import nn, tensor

torch.manual_seed(0)

pairs = [[1.0, 2.0], [2.0, 3.0], [3.0, 4.0], [4.0, 2.0], [5.0, 1.0], [2.0, 6.0], [6.0, 5.0], [1.0, 5.0]]
x_data = tensor([[a, b, a * b] for a, b in pairs])
y_data = tensor([[4.5 * a + 3 * b + 0.5 * a * b - 88] for a, b in pairs])

class Model(nn.Module):
    def __init__(self):
        super(Model, self).__init__()
        self.linear = nn.Linear(3, 1)

    def forward(self, x):
        return self.linear(x)

model = Model()
criterion = nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=2e-4)

for epoch in range(20000):
    y_pred = model(x_data)
    loss = criterion(y_pred, y_data)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 5000 == 0:
        print("Epoch: %d | Loss: %.4f" % (epoch, loss.item()))

with torch.no_grad():
    p = model(x_data)
    r2 = 1 - ((p - y_data) ** 2).mean() / y_data.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
