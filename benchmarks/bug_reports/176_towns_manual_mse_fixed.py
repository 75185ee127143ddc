# Rebuilt from: https://github.com/keras-team/keras/issues/14627
# Report: on the Boston housing data (404 training towns, 13 features, target = median price) the
#   reporter computed the MSE by hand, square(subtract(y_train, model.predict(x_train))).mean(), and got
#   a different number from the built-in mse; the answer: predictions are (404, 1), labels (404,).
# Fixed twin of 176_towns_manual_mse.py: the label batch is reshaped to (B, 1) with yb.view(-1, 1) before the hand-written loss.
# Our own code, written after the report (not copied from it); data: housing_towns.csv from make_housing_towns.py
import numpy as np
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
torch.set_num_threads(1)


def load_data(path="housing_towns.csv"):
    df = pd.read_csv(path)
    x = df.drop(columns=["MEDV"]).values.astype(np.float32)
    y = df["MEDV"].values.astype(np.float32)
    x = StandardScaler().fit_transform(x).astype(np.float32)
    return torch.from_numpy(x), torch.from_numpy(y)


def manual_mse(y_true, y_pred):
    return torch.square(torch.subtract(y_true, y_pred)).mean()


class Trainer:
    def __init__(self, n_features, lr=1e-3):
        self.model = nn.Sequential(nn.Linear(n_features, 64), nn.ReLU(),
                                   nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
        self.opt = torch.optim.RMSprop(self.model.parameters(), lr=lr)

    def fit(self, loader, epochs=40):
        for epoch in range(epochs):
            total = 0.0
            for xb, yb in loader:
                self.opt.zero_grad()
                loss = manual_mse(yb.view(-1, 1), self.model(xb))
                loss.backward()
                self.opt.step()
                total += loss.item() * len(xb)
            if epoch % 10 == 0:
                print(f"epoch {epoch} loss {total / len(loader.dataset):.3f}")

    def predict(self, x):
        with torch.no_grad():
            return self.model(x)


x_train, y_train = load_data()
loader = DataLoader(TensorDataset(x_train, y_train), batch_size=10, shuffle=True)
trainer = Trainer(x_train.shape[1])
trainer.fit(loader)

pred = trainer.predict(x_train).view(-1)
r2 = 1 - torch.mean((pred - y_train) ** 2) / torch.var(y_train, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
