# Rebuilt from: http://datascience.sharerecipe.net/2019/06/02/preparing-tabular-data-for-neural-networks/
# Report: A post on feeding medical records to a neural net: quantitative variables such as tumor
#   diameter (0.5 cm) and weight (350 lb) sit on very different scales, and feeding them in raw makes
#   it much harder for the network to learn anything; it recommends normalizing each variable first.
# Bug (planted: TL002): load_data() passes the raw columns (income ~6e4, weight ~2e2, tumor ~1)
#   straight into the MLP trained with plain SGD; the loss blows up to nan.
# Our own code, written after the report (not copied from it); data file patients.csv from make_patients.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
np.random.seed(0)

FEATURES = ["age", "weight_lbs", "systolic_bp", "cholesterol_mg_dl",
            "tumor_diameter_cm", "household_income_usd"]
TARGET = "length_of_stay_days"


def load_data(path="patients.csv"):
    df = pd.read_csv(path)
    cols = {c: df[c].to_numpy(dtype=np.float32) for c in FEATURES}
    X = np.stack([cols[c] for c in FEATURES], axis=1)
    y = df[TARGET].to_numpy(dtype=np.float32).reshape(-1, 1)
    return X, y


class LOSNet(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 32)
        self.fc2 = nn.Linear(32, 16)
        self.out = nn.Linear(16, 1)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.out(x)


class Trainer:
    def __init__(self, model, lr=1e-3, batch_size=32):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()
        self.batch_size = batch_size

    def fit(self, X, y, epochs=60):
        X, y = torch.tensor(X), torch.tensor(y)
        for ep in range(epochs):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), self.batch_size):
                idx = perm[i:i + self.batch_size]
                loss = self.loss_fn(self.model(X[idx]), y[idx])
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
            if ep % 20 == 0:
                print(f"epoch {ep} loss {loss.item():.4f}")

    def r2(self, X, y):
        with torch.no_grad():
            p = self.model(torch.tensor(X))
            y = torch.tensor(y)
            return (1 - ((p - y) ** 2).mean() / y.var()).item()


X, y = load_data()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
trainer = Trainer(LOSNet(X_train.shape[1]))
trainer.fit(X_train, y_train)
print(f"test r2 {trainer.r2(X_test, y_test):.3f}")
print(f"RESULT r2={trainer.r2(X_train, y_train):.3f}")
