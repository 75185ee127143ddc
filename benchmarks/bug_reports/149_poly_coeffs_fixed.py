# Rebuilt from: https://discuss.pytorch.org/t/finding-coefficients-of-a-polynomial-through-linear-regression/71751
# Report: Fitting polynomial coefficients with a one-layer Linear model, MSELoss(reduction='sum') and
#   SGD(momentum=0.9); with lr above 1e-4 the loss "diverges to infinity instantly", with smaller lr it
#   barely moves. The inputs are the raw powers x, x^2, ... of x in [2, 5].
# Fixed twin of 149_poly_coeffs.py: the polynomial features are standardized with StandardScaler before training.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

np.random.seed(0)
torch.manual_seed(0)

N = 40
deg = 3


def truef(x):
    return np.sin(x)


x = np.linspace(2, 5, N)
labels = truef(x) + np.random.randn(N) / 5

poly = PolynomialFeatures(degree=deg, include_bias=False)
inputs = poly.fit_transform(x.reshape(-1, 1))        # columns: x, x^2, x^3
inputs = StandardScaler().fit_transform(inputs)

x_data = torch.tensor(inputs, dtype=torch.float32)
y_data = torch.tensor(labels, dtype=torch.float32).view(-1, 1)


class Net(torch.nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.fc1 = torch.nn.Linear(deg, 1)

    def forward(self, x):
        return self.fc1(x)


model = Net()
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)

for it in range(3000):
    optimizer.zero_grad()
    y_pred = model(x_data)
    loss = criterion(y_pred, y_data)
    loss.backward()
    optimizer.step()
    if it % 500 == 0:
        print(it, loss.item())

with torch.no_grad():
    pred = model(x_data)
    r2 = 1 - torch.mean((pred - y_data) ** 2) / torch.var(y_data, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
