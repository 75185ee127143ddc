# Rebuilt from: https://github.com/krshrimali/Linear-Regression-using-PyTorch-CPP/issues/11
# Report: "Getting Nan's for the Loss function": the linear-regression example trained on the Boston
#   housing CSV prints Loss: 644.398, 1.49e+07, 1.03e+38, then -nan for every later epoch; the loss gets
#   worse with training instead of better, on the default data set and on a custom one.
# Fixed twin of 300_boston_raw_sgd.py: the 13 feature columns are standardized (mean 0, std 1) before training
# Our own code, written after the report (not copied from it; the report's example uses the libtorch C++
#   API, rebuilt here with the Python API); data file housing.csv made by make_housing.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self, in_size, out_size):
        super().__init__()
        self.fc1 = nn.Linear(in_size, out_size)

    def forward(self, x):
        return self.fc1(x)


def process_data(path):
    df = pd.read_csv(path)
    inputs = df.drop(columns=["MEDV"]).values.astype(np.float32)
    outputs = df["MEDV"].values.astype(np.float32)
    inputs = (inputs - inputs.mean(axis=0)) / inputs.std(axis=0)
    return inputs, outputs


inputs, outputs = process_data("housing_begins.csv")
input_tensors = torch.from_numpy(inputs)
output_tensors = torch.from_numpy(outputs).view(len(outputs), 1)

net = Net(input_tensors.shape[1], 1)
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

n_epochs = 500
for epoch in range(1, n_epochs + 1):
    out = net(input_tensors)
    optimizer.zero_grad()
    loss = F.mse_loss(out, output_tensors)
    loss_val = loss.item()
    loss.backward()
    optimizer.step()
    if epoch <= 5 or epoch % 100 == 0:
        print("Loss:", loss_val)

with torch.no_grad():
    pred = net(input_tensors)
    r2 = 1 - ((pred - output_tensors) ** 2).mean() / output_tensors.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
