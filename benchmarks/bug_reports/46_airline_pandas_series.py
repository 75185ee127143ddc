# Rebuilt from: https://github.com/BIGmama-technology/Hiring-AI-engineer/pull/12
# Report: training on Mauna Loa CO2 and International Airline Passengers printed a shape warning; after
#   fixing it the fitted curves went from flat to following the data. Cause given in the PR thread:
#   the features were converted from a pandas DataFrame to a tensor, the labels from a pandas Series.
# Bug (planted: TL001): load_airline() returns y = df["Passengers"].values (n,) while X comes from a
#   DataFrame (n, 1); the (n, 1) model output vs the (n,) target makes nn.L1Loss broadcast to (n, n).
# Our own code, written after the report (not copied from it); data: airline_passengers.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(0)


def normalize(x):
    return (x - x.mean()) / x.std()


def load_airline(file_path):
    df = pd.read_csv(file_path)
    X = pd.to_datetime(df["Month"]).dt.to_period("M").astype("int64").values.reshape(-1, 1)
    y = df["Passengers"].values
    return X, y, normalize(X)


class Refactor:
    def __init__(self, train, model, criterion, optimizer, epochs=1000):
        self.X_train, self.y_train = train
        self.model, self.criterion, self.optimizer, self.epochs = model, criterion, optimizer, epochs
        self.losses = []

    def fit(self):
        self.model.train()
        for epoch in range(self.epochs):
            self.optimizer.zero_grad()
            output = self.model(self.X_train)
            loss = self.criterion(output, self.y_train)
            loss.backward()
            self.optimizer.step()
            self.losses.append(loss.item())
            if epoch % 200 == 0:
                print(f"epoch {epoch} loss {loss.item():.2f}")


X, y, X_normalized = load_airline("airline_passengers.csv")
X_train, X_test, y_train, y_test = train_test_split(X_normalized, y, test_size=0.2, random_state=42)
X_train_tensor = torch.from_numpy(X_train).float()
y_train_tensor = torch.from_numpy(y_train).float()

model = nn.Sequential(nn.Linear(1, 20), nn.ReLU(), nn.Linear(20, 20), nn.ReLU(), nn.Linear(20, 1))
fact = Refactor([X_train_tensor, y_train_tensor], model=model, criterion=nn.L1Loss(),
                optimizer=torch.optim.Adam(model.parameters(), lr=0.01), epochs=1000)
fact.fit()

with torch.no_grad():
    pred = model(X_train_tensor).reshape(-1)
    target = y_train_tensor.reshape(-1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
