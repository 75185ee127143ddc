# Rebuilt from: https://datascience.stackexchange.com/questions/115368/pytorch-neural-network-that-tries-to-approximate-z-i-x-i2-y-i2-not-conve
# Report: A mechanical-engineering-technology teacher learning PyTorch fits z = x^2 + y^2 with a small
#         Linear(2,10)-ReLU-Linear(10,5)-ReLU-Linear(5,1) regressor; x and y come from
#         np.random.random(1000) and the data is split with sklearn's train_test_split. The net
#         "does not converge" whatever layers, epochs or learning rates he tries.
# Bug (planted: TL001): the target is built as torch.Tensor(z), a 1-D (N,) tensor, while the model
#         returns (N, 1); nn.MSELoss broadcasts the pair to (N, N) and the net only learns the mean of z.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

np.random.seed(0)
torch.manual_seed(0)

x = np.random.random(1000)
y = np.random.random(1000)
z = x ** 2 + y ** 2
input_data = torch.Tensor(np.transpose([x, y]))
output_data = torch.Tensor(z)

input_training, input_validation, output_training, output_validation = train_test_split(
    input_data, output_data, random_state=42, test_size=0.15, shuffle=True)


class NonLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear_1 = nn.Linear(in_features=2, out_features=10)
        self.act_1 = nn.ReLU()
        self.linear_2 = nn.Linear(in_features=10, out_features=5)
        self.act_2 = nn.ReLU()
        self.linear_3 = nn.Linear(in_features=5, out_features=1)

    def forward(self, inp):
        h = self.act_1(self.linear_1(inp))
        h = self.act_2(self.linear_2(h))
        return self.linear_3(h)


model = NonLinearRegression()
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.03)

for epoch in range(400):
    optimizer.zero_grad()
    pred = model(input_training)
    loss = loss_fn(pred, output_training)
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        with torch.no_grad():
            val_loss = loss_fn(model(input_validation), output_validation)
        print(f"epoch {epoch:4d}  train {loss.item():.5f}  val {val_loss.item():.5f}")

with torch.no_grad():
    p = model(input_training).view(-1)
    t = output_training.view(-1)
    r2 = 1 - torch.mean((p - t) ** 2) / torch.var(t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
