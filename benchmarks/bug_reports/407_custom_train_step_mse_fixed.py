# Rebuilt from: https://github.com/keras-team/keras/issues/16836
# Report: "Loss is significantly worse when calculated manually in train_step compared to passed into
#   model.compile": following the "customizing what happens in fit" guide, a model whose train_step calls
#   mean_squared_error(y, y_pred) itself trains to a much worse loss than the same model compiled with
#   loss=mean_squared_error. A commenter reduced it to labels of shape (n,) against predictions (n, 1):
#   the manual call broadcasts where compile() first aligns the shapes.
# Fixed twin of 407_custom_train_step_mse.py: train_step gives the targets their trailing axis (y[:, None])
#   before computing the loss, as compile() does.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

np.random.seed(2)
torch.manual_seed(2)
torch.set_num_threads(1)


class CustomModel(nn.Module):
    """A model that owns its training step, in the style of a Keras subclassed model with train_step."""

    def __init__(self, n_features):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_features, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.head = nn.Linear(64, 1)
        self.optimizer = None
        self.mean_loss = []

    def forward(self, x):
        return self.head(self.body(x))

    def compile(self, optimizer):
        self.optimizer = optimizer

    def train_step(self, data):
        x, y = data
        y = y[:, None]
        y_pred = self(x)
        loss = F.mse_loss(y_pred, y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        self.mean_loss.append(loss.item())
        return {"loss": loss.item()}

    def fit(self, dataset, epochs):
        for epoch in range(epochs):
            self.mean_loss = []
            for batch in dataset:
                self.train_step(batch)
            if epoch % 5 == 0:
                print(f"Epoch {epoch + 1}/{epochs} - loss: {np.mean(self.mean_loss):.4f}")


rng = np.random.default_rng(2)
n = 2400
x = rng.normal(size=(n, 6)).astype(np.float32)
y = (1.5 * x[:, 0] - 2.0 * x[:, 1] * x[:, 2] + np.cos(2 * x[:, 3]) + 0.5 * x[:, 4] ** 2
     + rng.normal(0, 0.2, n)).astype(np.float32)

x_train, y_train = torch.from_numpy(x[:2000]), torch.from_numpy(y[:2000])
x_val, y_val = torch.from_numpy(x[2000:]), torch.from_numpy(y[2000:])

train_ds = DataLoader(TensorDataset(x_train, y_train), batch_size=32, shuffle=True)

model = CustomModel(6)
model.compile(optimizer=torch.optim.Adam(model.parameters(), lr=1e-3))
model.fit(train_ds, epochs=20)

with torch.no_grad():
    pred = model(x_val).view(-1)
r2 = 1 - torch.mean((pred - y_val) ** 2) / torch.var(y_val, unbiased=False)
print(f"RESULT r2={r2.item():.4f}")
