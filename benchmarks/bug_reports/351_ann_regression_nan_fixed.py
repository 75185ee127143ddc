# Rebuilt from: https://duoke360.com/post/34901
# Report: (Chinese Q&A post "PyTorch在ANN回归训练期间获得nan损失值") An ANN regression model trained with
#   MSELoss and SGD prints a loss that blows up and turns into NaN after a few epochs; the training
#   stops making sense. The answer's first fix is to standardize X_train/X_test with StandardScaler.
# Fixed twin of 351_ann_regression_nan.py: prepare_tensors() now standardizes X with a StandardScaler fit on the training split.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
np.random.seed(0)


def load_data(n=500):
    # heating demand of a building (kWh/m2/month) from a few building attributes
    year = np.random.randint(1950, 2021, n).astype(np.float32)
    area = np.random.uniform(30, 250, n).astype(np.float32)
    dist = np.random.uniform(100, 20000, n).astype(np.float32)
    floors = np.random.randint(1, 17, n).astype(np.float32)
    y = 40 - 0.25 * (year - 1950) + 0.02 * area + 0.0004 * dist - 0.3 * floors
    y = y + np.random.normal(0, 1.0, n)
    X = np.stack([year, area, dist, floors], axis=1)
    return X, y.astype(np.float32)


def prepare_tensors(X_train, X_test):
    scaler = StandardScaler()
    X_train = scaler.fit_transform(X_train)
    X_test = scaler.transform(X_test)
    return torch.FloatTensor(X_train), torch.FloatTensor(X_test)


class RegressionANN(nn.Module):
    def __init__(self, input_dim):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(input_dim, 64), nn.ReLU(),
            nn.Linear(64, 32), nn.ReLU(),
            nn.Linear(32, 1),
        )

    def forward(self, x):
        return self.net(x)


X, y = load_data()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
X_train_t, X_test_t = prepare_tensors(X_train, X_test)
y_train_t = torch.FloatTensor(y_train).view(-1, 1)

model = RegressionANN(X_train_t.shape[1])
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.001)

for epoch in range(300):
    perm = torch.randperm(len(X_train_t))
    for i in range(0, len(perm), 32):
        idx = perm[i:i + 32]
        optimizer.zero_grad()
        loss = criterion(model(X_train_t[idx]), y_train_t[idx])
        loss.backward()
        optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X_train_t)
    mse = ((pred - y_train_t) ** 2).mean().item()
    r2 = 1 - mse / y_train_t.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
