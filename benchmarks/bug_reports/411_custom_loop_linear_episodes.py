# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/46782
# Report: "tf.keras.Model.fit() training works fine but custom training loop fails for identical model,
#   optimizer, and loss function": data made with y = 0.1 * x over 4 inputs, a single Dense(1) layer; trained
#   episode by episode with fit() the kernel goes to ~0.1 everywhere, trained with the custom GradientTape
#   loop it ends near 0.001-0.005 with a bias of ~0.2, although the printed loss looks small.
# Bug (planted: TL001): the episode generator yields targets of shape (B,) and the Dense layer outputs (B, 1);
#   the MSE in the custom loop broadcasts them to B x B, so the layer learns the batch mean instead of 0.1 * x.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(9)
torch.manual_seed(9)
torch.set_num_threads(1)

N_INPUTS = 4
rng = np.random.default_rng(9)


def episode_data(n_samples=512):
    x = rng.uniform(0, 4, (n_samples, N_INPUTS)).astype(np.float32)
    y = 0.1 * x.sum(axis=1)
    return x, y.astype(np.float32)


def batches(x, y, batch_size=32):
    for i in range(0, len(x), batch_size):
        yield torch.from_numpy(x[i:i + batch_size]), torch.from_numpy(y[i:i + batch_size])


model = nn.Sequential(nn.Linear(N_INPUTS, 1))
loss_object = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.02)


def train_custom(x, y):
    total = 0.0
    for xb, yb in batches(x, y):
        optimizer.zero_grad()
        predictions = model(xb)
        loss = loss_object(predictions, yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total


for episode in range(10):
    x_ep, y_ep = episode_data()
    loss = train_custom(x_ep, y_ep)
    print("episod:", episode, "loss:", loss / 16)
    print(model[0].weight.data.numpy().round(4), model[0].bias.data.numpy().round(4))

x_test, y_test = episode_data(1000)
with torch.no_grad():
    pred = model(torch.from_numpy(x_test)).numpy().ravel()
y_true = y_test.ravel()
r2 = 1 - np.sum((pred - y_true) ** 2) / np.sum((y_true - y_true.mean()) ** 2)
print(f"RESULT r2={r2:.4f}")
