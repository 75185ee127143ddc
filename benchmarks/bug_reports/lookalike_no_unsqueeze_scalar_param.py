# Rebuilt from: https://github.com/mrdbourke/pytorch-deep-learning/issues/208
# Report: in the 01 PyTorch-workflow exercise (straight line y = 0.3 * X + 0.9, 100 points) the expected
#   output shows X and y as flat 1-D tensors; the reporter says it is wrong and "there should be an
#   unsqueeze like you done in the video".
# Not a bug (a look-alike that must stay silent): with the course's LinearRegressionModel (one scalar
#   nn.Parameter weight and bias, forward = weights * x + bias) a 1-D X gives a 1-D prediction of the same
#   shape (N,) as the 1-D y, so L1Loss compares matching tensors and the line is learned.
# Our own code, written after the report (not copied from it)
import torch
from torch import nn
from sklearn.model_selection import train_test_split

torch.manual_seed(42)

weight = 0.3
bias = 0.9
X = torch.arange(0, 1, 0.01)
y = weight * X + bias
print(f"Number of X samples: {len(X)}  X shape: {tuple(X.shape)}  y shape: {tuple(y.shape)}")

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)


class LinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(1, dtype=torch.float), requires_grad=True)
        self.bias = nn.Parameter(torch.randn(1, dtype=torch.float), requires_grad=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.weights * x + self.bias


model_0 = LinearRegressionModel()
loss_fn = nn.L1Loss()
optimizer = torch.optim.SGD(params=model_0.parameters(), lr=0.01)

epochs = 800
for epoch in range(epochs):
    model_0.train()
    y_pred = model_0(X_train)
    loss = loss_fn(y_pred, y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 200 == 0:
        model_0.eval()
        with torch.inference_mode():
            test_loss = loss_fn(model_0(X_test), y_test)
        print(f"Epoch: {epoch} | Train loss: {loss:.4f} | Test loss: {test_loss:.4f}")

print(model_0.state_dict())
with torch.inference_mode():
    pred = model_0(X_train)
    r2 = 1 - ((pred - y_train) ** 2).mean() / y_train.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
