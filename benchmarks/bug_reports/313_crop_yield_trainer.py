# Rebuilt from: https://www.enjoyalgorithms.com/blog/crop-yield-prediction-using-ann/
# Report: Blog post training an ANN to predict crop yield (hg/ha) from average rainfall (mm/year), pesticide use
#   (tonnes) and average temperature per country and year; these inputs sit on very different scales and the
#   post scales them before fitting the network.
# Bug (planted: TL002): the Trainer feeds rainfall (~500-3000), pesticides (~100-90000 t) and year (~1990-2013)
#   unscaled into the MLP trained with SGD, so the loss explodes to nan.
# Our own code, written after the report (not copied from it); synthetic country/year data generated in the script
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(7)


def load_data(n=480):
    rain = rng.uniform(450, 3000, n)
    pest = np.exp(rng.uniform(np.log(100), np.log(90000), n))
    temp = rng.uniform(8, 29, n)
    year = rng.integers(1990, 2014, n).astype(float)
    yld = 20000 + 9 * rain - 0.0018 * rain ** 2 + 6000 * np.log(pest) - 90 * (temp - 19) ** 2 \
        + 600 * (year - 1990) + rng.normal(0, 4000, n)
    X = np.column_stack([rain, pest, temp, year]).astype(np.float32)
    y = ((yld - yld.mean()) / yld.std()).astype(np.float32)
    return X, y


class YieldNet(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 64)
        self.fc2 = nn.Linear(64, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        return self.out(F.relu(self.fc2(F.relu(self.fc1(x))))).squeeze(-1)


class Trainer:
    def __init__(self, model, lr=0.01, batch_size=32):
        self.model, self.batch_size = model, batch_size
        self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)

    def fit(self, X, y, epochs=60):
        X, y = torch.from_numpy(X), torch.from_numpy(y)
        for ep in range(epochs):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), self.batch_size):
                b = perm[i:i + self.batch_size]
                loss = F.mse_loss(self.model(X[b]), y[b])
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
            if ep % 20 == 0:
                print(f"epoch {ep:3d}  mse {loss.item():.4f}")
        return self

    def predict(self, X):
        with torch.no_grad():
            return self.model(torch.from_numpy(X)).numpy()


X, y = load_data()
trainer = Trainer(YieldNet(X.shape[1])).fit(X, y)
pred = trainer.predict(X)
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
