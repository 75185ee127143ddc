# Rebuilt from: https://bluelight773.github.io/2020/10/09/linear-regression-using-gradient-descent-in-pytorch.html
# Report: A walkthrough of linear regression on Boston.csv with pandas, TensorDataset and DataLoader; the target
#   is taken as df.iloc[:, -1:] rather than df.iloc[:, -1] so it stays a DataFrame, i.e. a 2-dimensional array,
#   and mse_loss compares it with the (batch, 1) output of nn.Linear.
# Not a bug (a look-alike that must stay silent): no unsqueeze/view appears anywhere, yet y is (N, 1) from the
#   slice, so every batch target is [B, 1] like the prediction; features are standardized before training.
# Our own code, written after the report (not copied from it); data: boston.csv from make_boston.py
import pandas as pd
import torch
from torch.nn import Linear
from torch.nn.functional import mse_loss
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

df = pd.read_csv("boston.csv", sep=",", header=0, index_col=0)
x = df.iloc[:, :-1]
y = df.iloc[:, -1:]
x = (x - x.mean()) / x.std()

x = torch.tensor(x.to_numpy(), dtype=torch.float32)
y = torch.tensor(y.to_numpy(), dtype=torch.float32)
dl_train = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True)

model = Linear(x.shape[1], 1)
opt = torch.optim.SGD(model.parameters(), lr=0.01)


def fit(num_epochs, model, loss_fn, opt, dl):
    for epoch in range(num_epochs):
        for xb, yb in dl:
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
        if epoch % 25 == 0:
            print(f"epoch {epoch} loss {loss.item():.3f}")


fit(100, model, mse_loss, opt, dl_train)
with torch.no_grad():
    pred = model(x)
r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
