# Rebuilt from: http://www.dtcms.com/a/388067.html
# Report: A blog post fits f(x) = sin(x)/x on 500 fixed random points in [-10, 10] with a small MLP
#   (Linear(1,50) -> tanh -> BatchNorm1d -> Linear(50,1)), MSELoss and Adam(lr=0.01), full batch,
#   and shows the fitted curve following the data.
# Not a bug (a look-alike that must stay silent): x is used raw, but it only spans [-10, 10] and goes
#   through BatchNorm with Adam; y_data is reshaped to (N, 1) and x is unsqueezed to (N, 1), so the
#   prediction and target shapes match exactly and training converges.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(1)
np.random.seed(1)

x_data = (np.random.rand(500) * 20 - 10).astype("float32")
y_data = np.sin(x_data) / x_data
y_data = y_data.reshape(-1, 1)


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden1 = nn.Linear(1, 50)
        self.bn = nn.BatchNorm1d(50)
        self.hidden2 = nn.Linear(50, 1)

    def forward(self, x):
        x = torch.tanh(self.hidden1(x))
        x = self.bn(x)
        return self.hidden2(x)


model = MyModel()
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

x_tensor = torch.from_numpy(x_data).unsqueeze(-1)   # (500, 1)
y_tensor = torch.from_numpy(y_data)                  # (500, 1)

for epoch in range(1, 301):
    y_pred = model(x_tensor)
    loss = loss_fn(y_pred, y_tensor)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print(f"Epoch {epoch}: Loss = {loss.item():.6f}")

model.eval()
with torch.no_grad():
    pred = model(x_tensor)
    r2 = 1 - ((pred - y_tensor) ** 2).mean() / y_tensor.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
