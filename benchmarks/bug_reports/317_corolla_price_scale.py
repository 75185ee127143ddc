# Rebuilt from: https://sungsoo.github.io/2018/04/12/predicting-car-prices-using-neural-networks.html
# Report: Predicting used Toyota Corolla prices (Price, Age, KM, FuelType, HP, CC, Weight, ...) with a neural
#   network after a linear model; the columns live on very different scales (KM in the tens of thousands,
#   Weight ~1000, Automatic 0/1) and the network only fits once the inputs are rescaled first.
# Bug (planted: TL002): the numeric columns (KM ~1e5, CC ~1e3, Weight ~1e3, Age, HP) go into the MLP raw,
#   trained with plain SGD, so the first updates blow the weights up (loss -> inf/nan).
# Our own code, written after the report (not copied from it); data: corolla.csv from make_corolla.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


def load_data(path="corolla.csv"):
    df = pd.read_csv(path)
    df = pd.get_dummies(df, columns=["FuelType"], dtype=float)
    y = df.pop("Price").values.astype(np.float32)
    X = df.values.astype(np.float32)
    return X, y


X, y = load_data()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
# target in thousands of euros
y_train_k = y_train / 1000.0

Xt = torch.tensor(X_train)
yt = torch.tensor(y_train_k).view(-1, 1)
loader = DataLoader(TensorDataset(Xt, yt), batch_size=32, shuffle=True)


class PriceNet(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 16)
        self.fc2 = nn.Linear(16, 8)
        self.out = nn.Linear(8, 1)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.out(x)


def train(model, loader, epochs=60, lr=0.01):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
        if epoch % 20 == 0:
            print(f"epoch {epoch}: loss {loss.item():.4f}")
    return model


model = train(PriceNet(Xt.shape[1]), loader)
with torch.no_grad():
    pred = model(Xt)
r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
