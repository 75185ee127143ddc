# Rebuilt from: https://github.com/pytorch/pytorch/issues/109104
# Report: "SGD does not converge properly": a user fitted nn.Linear with torch.optim.SGD on X = np.random.rand(n, 3)
#   and compared the weights with statsmodels GLM coefficients. Reply: "Works fine for me. Just don't scale the
#   features and be aware that the Linear layer uses a bias by default."
# Not a bug (a look-alike that must stay silent): the features are fed to SGD without any scaler, but every
#   column is already a share in [0, 1], so plain SGD converges to the least-squares solution.
# Our own code, written after the report (not copied from it); data: channel_mix.csv from make_channel_mix.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split

np.random.seed(0)
torch.manual_seed(0)

mix = pd.read_csv("channel_mix.csv")
print(mix.head())
print(mix.describe().round(3))
print(mix.corr().round(3))

inputs = ["tv_share", "search_share", "discount_rate"]
X = mix[inputs].values.astype(np.float32)           # already in [0, 1]; kept as-is
y = mix[["sales_lift"]].values.astype(np.float32)   # (N, 1)

X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0)

# closed-form reference, like the GLM in the report (with an intercept column)
A = np.hstack([X_tr, np.ones((len(X_tr), 1), dtype=np.float32)])
ols_coef, *_ = np.linalg.lstsq(A, y_tr, rcond=None)
print("OLS coefficients:", ols_coef.ravel().round(3))

train_dl = DataLoader(TensorDataset(torch.tensor(X_tr), torch.tensor(y_tr)), batch_size=32, shuffle=True)
test_dl = DataLoader(TensorDataset(torch.tensor(X_te), torch.tensor(y_te)), batch_size=128)


class LiftModel(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.linear = nn.Linear(n_in, 1)

    def forward(self, x):
        return self.linear(x)


def train_one_epoch(model, loader, optimizer, criterion):
    model.train()
    losses = []
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)


@torch.no_grad()
def evaluate(model, loader):
    model.eval()
    out = torch.cat([model(xb) for xb, _ in loader])
    tgt = torch.cat([yb for _, yb in loader])
    mse = nn.functional.mse_loss(out, tgt)
    return mse.item(), (1 - mse / tgt.var(unbiased=False)).item()


model = LiftModel(len(inputs))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
criterion = nn.MSELoss()

for epoch in range(1, 101):
    loss = train_one_epoch(model, train_dl, optimizer, criterion)
    if epoch % 20 == 0:
        te_mse, te_r2 = evaluate(model, test_dl)
        print(f"epoch {epoch:3d}  train {loss:.4f}  test mse {te_mse:.4f}  test r2 {te_r2:.3f}")

print("SGD weights:", model.linear.weight.data.numpy().ravel().round(3), "bias:", round(model.linear.bias.item(), 3))
_, r2 = evaluate(model, DataLoader(train_dl.dataset, batch_size=512))
print(f"RESULT r2={r2:.3f}")
