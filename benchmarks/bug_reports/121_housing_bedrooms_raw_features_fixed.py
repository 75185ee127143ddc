# Rebuilt from: https://stackoverflow.com/questions/74986467
# Report: multivariable linear regression by gradient descent on total_rooms, population and
#   households (values in the hundreds to thousands) to predict total_bedrooms; the weights
#   become inf after the first epoch, and lowering the learning rate "changed nothing".
# Fixed twin of 121_housing_bedrooms_raw_features.py: features standardized (per-column mean/std) before training, as the answer suggests
# Our own code, written after the report (not copied from it); data: housing_blocks.csv from make_housing_blocks.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

np.random.seed(0)
torch.manual_seed(0)


class LinearRegressionGD:
    def __init__(self, n_features, lr=1e-4, epochs=30):
        self.model = nn.Linear(n_features, 1)
        self.lr = lr
        self.epochs = epochs
        self.opt = torch.optim.SGD(self.model.parameters(), lr=lr)

    def fit(self, x_train, y_train):
        for epoch in range(self.epochs):
            for i in range(x_train.shape[0]):
                self.opt.zero_grad()
                prediction = self.model(x_train[i:i + 1])
                loss = ((prediction - y_train[i:i + 1]) ** 2).mean()
                loss.backward()
                self.opt.step()
            if epoch % 8 == 0:
                print(epoch, ":", self.model.weight.data.numpy().round(4), self.model.bias.item())
        return self

    def predict(self, x):
        with torch.no_grad():
            return self.model(x)


train_data = pd.read_csv("housing_blocks.csv")
x_np = train_data[["total_rooms", "population", "households"]].to_numpy(dtype=np.float32)
x_np = (x_np - x_np.mean(axis=0)) / x_np.std(axis=0)
y_np = train_data[["total_bedrooms"]].to_numpy(dtype=np.float32)

x_train = torch.tensor(x_np)
y_train = torch.tensor(y_np)

reg = LinearRegressionGD(n_features=3, lr=1e-4, epochs=25).fit(x_train, y_train)

pred = reg.predict(x_train)
r2 = 1 - torch.mean((pred - y_train) ** 2) / torch.var(y_train, unbiased=False)
print("RESULT r2=%.3f" % r2.item())
