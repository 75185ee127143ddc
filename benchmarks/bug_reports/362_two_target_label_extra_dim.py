# Rebuilt from: https://github.com/PaddlePaddle/Paddle/issues/40211
# Report: (Chinese) "check array dimension before calculating loss" - with output (2, 2) and a label that carries
#   one extra dimension (2, 1, 2), MSELoss silently broadcasts both to (2, 2, 2) and returns 0.5575 instead of
#   0.0375 (sklearn's mean_squared_error on the same numbers); the reporter notes a user would not notice and the
#   loss "cannot backward correctly". PyTorch only warns ("Using a target size ... different to the input size").
# Bug (planted: TL001): each sample's label is kept as a (1, 2) row, so the stacked label array is (N, 1, 2);
#   the model predicts (B, 2) and nn.MSELoss broadcasts (B, 2) against (B, 1, 2) to (B, B, 2), i.e. every
#   prediction is compared with every label in the batch, and the net drifts to the batch mean.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(7)
torch.manual_seed(7)


def mean_squared_error(y_true, y_pred):
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_true.ndim > 2 or y_pred.ndim > 2:
        raise ValueError("Found array with dim %d. Estimator expected <= 2." % max(y_true.ndim, y_pred.ndim))
    return float(np.mean((y_true - y_pred) ** 2))


def r2_score(y_true, y_pred):
    # multioutput='uniform_average'
    ss_res = ((y_true - y_pred) ** 2).sum(axis=0)
    ss_tot = ((y_true - y_true.mean(axis=0)) ** 2).sum(axis=0)
    return float(np.mean(1.0 - ss_res / ss_tot))


# --- quick sanity check of the loss on four numbers, like the report does
loss_fn = nn.MSELoss()
a = np.array([2.0, 4.2, 3.2, 4.7]).reshape([2, 2])
b = np.array([2.1, 4.1, 3.5, 4.9]).reshape([2, 2])
print('sanity torch', loss_fn(torch.from_numpy(a), torch.from_numpy(b)).item(), 'numpy', mean_squared_error(a, b))


# --- data: six standardized process readings -> two quality indices per batch of product
def make_records(n):
    x = np.random.randn(n, 6)
    q1 = 1.5 * x[:, 0] - 0.8 * x[:, 1] * x[:, 2] + 0.6 * np.sin(2 * x[:, 3]) + 0.1 * np.random.randn(n)
    q2 = -0.7 * x[:, 0] + 1.1 * np.tanh(x[:, 4]) + 0.5 * x[:, 5] ** 2 + 0.1 * np.random.randn(n)
    records = []
    for i in range(n):
        records.append({'reading': x[i], 'quality': np.array([q1[i], q2[i]])})
    return records


def to_arrays(records):
    features = []
    label_rows = []
    for r in records:
        features.append(r['reading'])
        label_rows.append(r['quality'].reshape([1, 2]))
    features = np.array(features, dtype=np.float32)
    labels = np.array(label_rows, dtype=np.float32)
    return features, labels


train_x, train_y = to_arrays(make_records(2000))
test_x, test_y = to_arrays(make_records(500))
print('train_x', train_x.shape, 'train_y', train_y.shape)


class QualityNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 64)
        self.fc2 = nn.Linear(64, 64)
        self.out = nn.Linear(64, 2)
        self.act = nn.ReLU()

    def forward(self, x):
        x = self.act(self.fc1(x))
        x = self.act(self.fc2(x))
        return self.out(x)


model = QualityNet()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
batch_size = 64
epochs = 40

X = torch.from_numpy(train_x)
Y = torch.from_numpy(train_y)
for epoch in range(epochs):
    perm = np.random.permutation(len(X))
    total = 0.0
    for start in range(0, len(X), batch_size):
        idx = perm[start:start + batch_size]
        pred = model(X[idx])
        loss = loss_fn(pred, Y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    if epoch % 10 == 0 or epoch == epochs - 1:
        print('epoch %d train loss %.4f' % (epoch, total / len(X)))

model.eval()
with torch.no_grad():
    test_pred = model(torch.from_numpy(test_x)).numpy()
y_true = test_y.reshape(len(test_y), -1)
print('test mse', mean_squared_error(y_true, test_pred))
print('RESULT r2=%.4f' % r2_score(y_true, test_pred))
