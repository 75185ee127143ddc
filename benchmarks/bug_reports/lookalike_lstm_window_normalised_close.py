# Rebuilt from: https://github.com/jaungiers/LSTM-Neural-Network-for-Time-Series-Prediction/issues/15
# Report: a reader of the blog-post companion code ("LSTM Neural Network for Time Series Prediction") asked whether
#   normalise_windows(), which divides every window by its own first price (p / p0 - 1), hurts predictions because
#   windows do not share a base; they tried a global normalisation instead and saw no clear difference.
# Not a bug (a look-alike that must stay silent): the raw closing prices (in the thousands) never reach the LSTM;
#   every window is rescaled to relative changes around 0 before training, and the window's last value (the
#   target) is rescaled the same way; the target vector (N,) matches the model output, which is flattened to (N,).
# Our own code, written after the report (not copied from it)
import csv

import numpy as np
import torch
import torch.nn as nn

np.random.seed(7)
torch.manual_seed(7)
torch.set_num_threads(1)


def normalise_windows(window_data):
    normalised_data = []
    for window in window_data:
        normalised_window = [((float(p) / float(window[0])) - 1) for p in window]
        normalised_data.append(normalised_window)
    return normalised_data


def load_data(filename, seq_len, normalise_window):
    with open(filename, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        data = [row[0] for row in reader]

    sequence_length = seq_len + 1
    result = []
    for index in range(len(data) - sequence_length):
        result.append(data[index: index + sequence_length])

    if normalise_window:
        result = normalise_windows(result)

    result = np.array(result, dtype=np.float32)

    row = round(0.9 * result.shape[0])
    train = result[:int(row), :]
    np.random.shuffle(train)
    x_train = train[:, :-1]
    y_train = train[:, -1]
    x_test = result[int(row):, :-1]
    y_test = result[int(row):, -1]

    x_train = np.reshape(x_train, (x_train.shape[0], x_train.shape[1], 1))
    x_test = np.reshape(x_test, (x_test.shape[0], x_test.shape[1], 1))
    return [x_train, y_train, x_test, y_test]


class StackedLSTM(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.lstm1 = nn.LSTM(layers[0], layers[1], batch_first=True)
        self.drop1 = nn.Dropout(0.05)
        self.lstm2 = nn.LSTM(layers[1], layers[2], batch_first=True)
        self.drop2 = nn.Dropout(0.05)
        self.dense = nn.Linear(layers[2], layers[3])

    def forward(self, x):
        out, _ = self.lstm1(x)
        out = self.drop1(out)
        out, _ = self.lstm2(out)
        out = self.drop2(out[:, -1, :])
        return self.dense(out).view(-1)


def build_model(layers):
    model = StackedLSTM(layers)
    optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-2)
    return model, optimizer


def predict_point_by_point(model, data):
    model.eval()
    with torch.no_grad():
        predicted = model(torch.tensor(data))
    return predicted.numpy()


epochs = 15
seq_len = 20
batch_size = 64

print("> Loading data... ")
X_train, y_train, X_test, y_test = load_data("index_daily_close_demo.csv", seq_len, True)
print("> Data Loaded. Compiling...")
print("x range after window normalisation:", float(X_train.min()), float(X_train.max()))

model, optimizer = build_model([1, 32, 32, 1])
loss_fn = nn.MSELoss()

X_train_t = torch.tensor(X_train)
y_train_t = torch.tensor(y_train)
for epoch in range(epochs):
    model.train()
    perm = torch.randperm(len(X_train_t))
    total = 0.0
    for start in range(0, len(perm), batch_size):
        idx = perm[start:start + batch_size]
        pred = model(X_train_t[idx])
        loss = loss_fn(pred, y_train_t[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    print(f"epoch {epoch + 1}: train mse {total / len(perm):.6f}")

predicted = predict_point_by_point(model, X_test)
r2 = 1.0 - np.sum((predicted - y_test) ** 2) / np.sum((y_test - y_test.mean()) ** 2)
print(f"RESULT r2={r2:.4f}")
