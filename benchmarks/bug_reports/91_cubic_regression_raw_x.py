# Rebuilt from: https://qa.1r1g.com/sf/ask/4433342651
# Report: Learning PyTorch with y = 2X^3 + 7X^2 - 8X + 120 read from test_100.csv; X_train goes from
#   -1000 to 1000, nn.Linear(1,1) + MSELoss, and the loss printed by loss_func(prediction, outputs)
#   is NAN. Asks whether a regression ANN can be trained without MinMaxScaler on the inputs.
# Bug (planted: TL002): the X column (magnitudes up to 1000) goes straight into FloatTensor and the
#   SGD-trained linear layer; the update on the weight overshoots and the loss blows up to inf/nan.
# Our own code, written after the report (not copied from it); data: test_100.csv, a small made-up table beside this script
import torch
import torch.nn as nn
import pandas as pd
import numpy as np

torch.manual_seed(0)

# Load datasets
dataset = pd.read_csv('test_100.csv')
x_temp_train = dataset.iloc[:79, :-1].values
y_temp_train = dataset.iloc[:79, -1:].values
x_temp_test = dataset.iloc[80:, :-1].values
y_temp_test = dataset.iloc[80:, -1:].values

# Turn into tensor
X_train = torch.FloatTensor(x_temp_train)
Y_train = torch.FloatTensor(y_temp_train)
X_test = torch.FloatTensor(x_temp_test)
Y_test = torch.FloatTensor(y_temp_test)


# Define a Artifical Neural Network
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.linear = nn.Linear(1, 1)  # input=1, output=1, bias=True

    def forward(self, x):
        x = self.linear(x)
        return x


net = Net()
print(net)

# Define a Loss function and optimizer
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
loss_func = nn.MSELoss()

for epoch in range(1000):
    prediction = net(X_train)
    loss = loss_func(prediction, Y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 200 == 0:
        print('epoch', epoch, 'loss', loss.item())

with torch.no_grad():
    pred = net(X_train)
    mse = torch.mean((pred - Y_train) ** 2).item()
    r2 = 1.0 - mse / torch.var(Y_train, unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
