# Rebuilt from: https://github.com/dreamquark-ai/tabnet/issues/523
# Report: on a small tabular set (ID, Months, Max, Volume, A1..A5 with raw values up to ~1e6)
#   TabNetRegressor's predictions were wildly different from a RandomForest and from a basic
#   PyTorch linear regression network fed the same preprocessed data.
# Not a bug (a look-alike that must stay silent): the CSV columns are raw (Volume ~1e5, A4 ~1e6),
#   but X goes through SimpleImputer + StandardScaler before the net, and y is reshaped to (n, 1).
# Our own code, written after the report (not copied from it); data: asset_months.csv from make_asset_months.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

np.random.seed(0)
torch.manual_seed(0)

data = pd.read_csv("asset_months.csv")
train_data, validation_data = train_test_split(data, test_size=0.2, random_state=0)

X_train = train_data.drop(columns=["Months", "ID"])
X_val = validation_data.drop(columns=["Months", "ID"])
y_train_mth = train_data["Months"]
y_val_mth = validation_data["Months"]

imputer = SimpleImputer(strategy="mean")
X_train = imputer.fit_transform(X_train)
X_val = imputer.transform(X_val)

scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_val = scaler.transform(X_val)

y_train_mth = y_train_mth.values.reshape(-1, 1)
y_val_mth = y_val_mth.values.reshape(-1, 1)


class Trainer:
    def __init__(self, n_features, lr=1e-2, epochs=300):
        self.model = nn.Sequential(nn.Linear(n_features, 32), nn.ReLU(), nn.Linear(32, 1))
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr)
        self.criterion = nn.MSELoss()
        self.epochs = epochs

    def fit(self, X, y):
        X = torch.tensor(X, dtype=torch.float32)
        y = torch.tensor(y, dtype=torch.float32)
        for epoch in range(self.epochs):
            self.optimizer.zero_grad()
            loss = self.criterion(self.model(X), y)
            loss.backward()
            self.optimizer.step()
            if epoch % 100 == 0:
                print("epoch", epoch, "rmse", round(loss.item() ** 0.5, 3))
        return self

    def predict(self, X):
        with torch.no_grad():
            return self.model(torch.tensor(X, dtype=torch.float32)).numpy()


trainer = Trainer(X_train.shape[1]).fit(X_train, y_train_mth)
y_val_pred = trainer.predict(X_val)
for true_val, pred_val in list(zip(y_val_mth, y_val_pred))[:3]:
    print(f"True: {true_val[0]:.2f}, Predicted: {pred_val[0]:.2f}")

pred = trainer.predict(X_train)
r2 = 1 - np.mean((pred - y_train_mth) ** 2) / np.var(y_train_mth)
print("RESULT r2=%.3f" % r2)
