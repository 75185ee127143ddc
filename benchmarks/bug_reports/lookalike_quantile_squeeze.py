# Rebuilt from: https://github.com/lasso-net/lassonet/issues/40
# Report: A user swapped LassoNet's MSE criterion for a hand-written quantile loss and LassoNet did not converge;
#   asked whether a plain MLP works, they showed that the same qloss with a simple MLP (hidden layer plus a linear
#   skip connection) trains fine and reaches a loss comparable to other models.
# Not a bug (a look-alike that must stay silent): qloss squeezes the (n, 1) prediction to (n,) before subtracting it
#   from the (n,) target, so the pinball loss is elementwise; the features are standardized.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


def qloss(preds, target, quantile):
    error = target - preds.squeeze(1)          # preds (n, 1) -> (n,)
    return torch.max((quantile - 1) * error, quantile * error).sum()


class MLP(nn.Module):
    def __init__(self, input_dim, hidden_dim):
        super().__init__()
        self.layer1 = nn.Sequential(nn.Linear(input_dim, hidden_dim), nn.ReLU())
        self.layer2 = nn.Linear(hidden_dim, 1)
        self.skip = nn.Linear(input_dim, 1)

    def forward(self, x):
        x_skip = self.skip(x)
        x = self.layer2(self.layer1(x))
        return x + x_skip


def load_data(n=600, d=10):
    X = np.random.randn(n, d) * np.array([1, 5, 0.5, 2, 1, 1, 3, 1, 1, 1])
    y = 1.5 * X[:, 0] - 0.4 * X[:, 1] + np.sin(X[:, 2] * 2) + 0.3 * X[:, 3] ** 2 + 0.5 * np.random.randn(n)
    return X, y


X, y = load_data()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
scaler = StandardScaler().fit(X_train)
Xt = torch.tensor(scaler.transform(X_train), dtype=torch.float32)
yt = torch.tensor(y_train, dtype=torch.float32)
loader = DataLoader(TensorDataset(Xt, yt), batch_size=32, shuffle=True)

model = MLP(Xt.shape[1], 32)
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(80):
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = qloss(model(xb), yb, quantile=0.5)
        loss.backward()
        opt.step()
        total += loss.item()
    if epoch % 20 == 0:
        print(f"Epoch: {epoch}, Avg loss: {total / len(loader):.4f}")

with torch.no_grad():
    pred = model(Xt).squeeze(1)
    r2 = 1 - torch.mean((pred - yt) ** 2) / torch.var(yt, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
