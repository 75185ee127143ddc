# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/28901
# Report: A simple regression model trained with model.fit converged, but the same model trained with a
#   hand-written loop (train_step with GradientTape + optimizer.apply_gradients, batches of 16) did not; the
#   same happened on UTK-Faces age regression. The answer: in train_step `y` has shape (16,) while `y_pred` is
#   (16, 1), so the loss broadcasts; `y = y[:, tf.newaxis]` in train_step fixed it.
# Bug (planted: TL001): train_step feeds the (16,) target batch and the (16, 1) model output to nn.MSELoss,
#   which broadcasts to a (16, 16) grid: every prediction is pulled toward every target of the batch.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

BATCH_SIZE = 16
EPOCHS = 25


def make_regression_data(n):
    # three "measurements" of a house-like object and a smooth nonlinear price
    x = np.random.uniform(-2.0, 2.0, size=(n, 3)).astype(np.float32)
    y = (1.5 * x[:, 0] - 0.8 * x[:, 1] ** 2 + np.sin(2.0 * x[:, 2]) + 0.5 * x[:, 0] * x[:, 2]
         + 0.1 * np.random.randn(n)).astype(np.float32)
    return x, y


def make_dataset(x, y, shuffle):
    ds = TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    return DataLoader(ds, batch_size=BATCH_SIZE, shuffle=shuffle)


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense1 = nn.Linear(3, 64)
        self.dense2 = nn.Linear(64, 64)
        self.out = nn.Linear(64, 1)

    def forward(self, inputs):
        h = torch.relu(self.dense1(inputs))
        h = torch.relu(self.dense2(h))
        return self.out(h)


loss_object = nn.MSELoss()


def train_step(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad()
    y_pred = model(x)
    loss = loss_object(y_pred, y)
    loss.backward()
    optimizer.step()
    return loss.item()


def test_step(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)


x_train, y_train = make_regression_data(2000)
x_test, y_test = make_regression_data(500)
train_ds = make_dataset(x_train, y_train, shuffle=True)
test_ds = make_dataset(x_test, y_test, shuffle=False)

model = MyModel()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(EPOCHS):
    epoch_loss = []
    for x_batch, y_batch in train_ds:
        epoch_loss.append(train_step(model, optimizer, x_batch, y_batch))
    if epoch % 10 == 0 or epoch == EPOCHS - 1:
        print(f"epoch {epoch:3d}  train loss {np.mean(epoch_loss):.4f}")

preds = []
for x_batch, _ in test_ds:
    preds.append(test_step(model, x_batch).numpy().reshape(-1))
preds = np.concatenate(preds)
r2 = 1.0 - np.sum((y_test - preds) ** 2) / np.sum((y_test - y_test.mean()) ** 2)
print(f"test mse {np.mean((y_test - preds) ** 2):.4f}")
print(f"RESULT r2={r2:.4f}")
