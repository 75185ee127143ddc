# Rebuilt from: https://github.com/keras-team/keras/issues/14627
# Report: A user trained a Boston-housing regressor with model.fit(x_train, y_train) (targets of shape (404,),
#   model output (404, 1)) and then recomputed the MSE by hand with np.square(np.subtract(y_train,
#   model.predict(x_train))).mean(), getting a different number. The answer: the hand-written check broadcast
#   (404,) against (404, 1) to (404, 404); the loss used inside fit aligns the target rank and was correct.
# Not a bug (a look-alike that must stay silent): the (batch,) targets reach a Keras-style mean_squared_error
#   that first brings y_true to the rank of y_pred, so training is elementwise; our final check flattens both.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)


def load_housing_like(n_train=404, n_test=102):
    n = n_train + n_test
    rooms = np.random.normal(6.3, 0.7, n)
    crime = np.random.exponential(3.0, n)
    age = np.random.uniform(5, 100, n)
    dist = np.random.uniform(1, 12, n)
    tax = np.random.uniform(180, 710, n)
    lstat = np.clip(np.random.normal(12.5, 7.0, n), 1.7, 38.0)
    price = (22.5 + 6.0 * (rooms - 6.3) - 0.35 * crime - 0.45 * (lstat - 12.5) + 0.25 * np.log(dist)
             - 0.006 * (tax - 400) - 0.01 * (age - 50) + np.random.normal(0, 1.5, n))
    data = np.stack([rooms, crime, age, dist, tax, lstat], axis=1)
    return (data[:n_train], price[:n_train]), (data[n_train:], price[n_train:])


def mean_squared_error(y_true, y_pred):
    # like the Keras loss: bring the target to the prediction's rank before the elementwise difference
    if y_true.dim() == y_pred.dim() - 1:
        y_true = y_true.unsqueeze(-1)
    return torch.mean(torch.square(y_pred - y_true), dim=-1)


class Sequential(nn.Module):
    def __init__(self, *layers):
        super().__init__()
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)

    def compile(self, optimizer, loss):
        self.optimizer = optimizer
        self.loss_fn = loss

    def fit(self, x, y, epochs, batch_size):
        x = torch.tensor(x, dtype=torch.float32)
        y = torch.tensor(y, dtype=torch.float32)
        n = x.shape[0]
        for epoch in range(epochs):
            perm = torch.randperm(n)
            losses = []
            for start in range(0, n, batch_size):
                idx = perm[start:start + batch_size]
                self.optimizer.zero_grad()
                loss = self.loss_fn(y[idx], self(x[idx])).mean()
                loss.backward()
                self.optimizer.step()
                losses.append(loss.item())
            if epoch % 10 == 0 or epoch == epochs - 1:
                print(f"Epoch {epoch + 1}/{epochs} - loss: {np.mean(losses):.4f}")

    def predict(self, x):
        with torch.no_grad():
            return self(torch.tensor(x, dtype=torch.float32)).numpy()


(train_data, train_targets), (test_data, test_targets) = load_housing_like()
mean = train_data.mean(axis=0)
std = train_data.std(axis=0)
x_train = ((train_data - mean) / std).astype(np.float32)
x_test = ((test_data - mean) / std).astype(np.float32)
y_train = train_targets.astype(np.float32)
y_test = test_targets.astype(np.float32)

model = Sequential(nn.Linear(6, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
model.compile(optimizer=torch.optim.RMSprop(model.parameters(), lr=1e-3), loss=mean_squared_error)
model.fit(x_train, y_train, epochs=40, batch_size=10)

pred_test = model.predict(x_test).reshape(-1)
print("hand-computed train mse:", np.square(np.subtract(y_train, model.predict(x_train).reshape(-1))).mean())
r2 = 1.0 - np.sum((y_test - pred_test) ** 2) / np.sum((y_test - y_test.mean()) ** 2)
print(f"RESULT r2={r2:.4f}")
