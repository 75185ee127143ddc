# Rebuilt from: https://discuss.pytorch.org/t/finding-polynomial-function-questions/104428
# Report: learning y = 6x^2 + 2x - 4 with an MLP; feeding [x, x^2] works better than [x], but with
#   [x, x^2, x^3] as input "the model doesn't work anymore (huge test set loss)". x is drawn with
#   np.random.randint(-1000, 1000), so x^3 reaches 1e9 and y reaches 6e6.
# Bug (planted: TL002): data_generator() stacks x, x**2, x**3 of raw integers in [-1000, 1000] and the
#   raw y as labels; these go into the network unscaled.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
from torch import Tensor
from torch.nn import Linear, MSELoss, functional as F

torch.manual_seed(0)
np.random.seed(0)


def our_function(x):
    return 6 * x * x + 2 * x - 4


def data_generator(data_size=1000):
    x = np.random.randint(-1000, 1000, size=data_size).astype(np.float64)
    y = our_function(x)
    inputs = np.column_stack([x, x ** 2, x ** 3])
    labels = y.reshape(-1, 1)
    return inputs, labels


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = Linear(3, 50)
        self.fc2 = Linear(50, 50)
        self.fc3 = Linear(50, 1)
        self.criterion = MSELoss()
        self.optimizer = torch.optim.Adam(self.parameters(), lr=0.01)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

    def train_model(self, x_train, y_train, epochs=500):
        x_t, y_t = Tensor(x_train), Tensor(y_train)
        for epoch in range(epochs):
            self.optimizer.zero_grad()
            loss = self.criterion(self(x_t), y_t)
            loss.backward()
            self.optimizer.step()
            if epoch % 100 == 0:
                print(f"Epoch: {epoch} Loss: {loss.item():,.6f}")


x_train, y_train = data_generator()
model = Net()
model.train_model(x_train, y_train)

with torch.no_grad():
    pred = model(Tensor(x_train))
    y = Tensor(y_train)
    r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
