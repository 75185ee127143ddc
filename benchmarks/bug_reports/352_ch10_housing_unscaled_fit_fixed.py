# Rebuilt from: https://github.com/ageron/handson-ml2/issues/17
# Report: Book errata for the Chapter 10 "Sequential API regression" example (California housing
#   MLP, p. 303): the StandardScaler is fitted and X_train_scaled is computed, but the model is
#   then fitted on the unscaled X_train. The author confirmed and fixed the listing.
# Fixed twin of 352_ch10_housing_unscaled_fit.py: the model is trained and validated on X_train_scaled / X_valid_scaled.
# Our own code, written after the report (not copied from it); data: california_housing.csv from make_california.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(42)
np.random.seed(42)

housing = pd.read_csv("california_housing_compm.csv")
X = housing.drop(columns="MedHouseVal").values
y = housing["MedHouseVal"].values

X_train_full, X_test, y_train_full, y_test = train_test_split(X, y, random_state=42)
X_train, X_valid, y_train, y_valid = train_test_split(X_train_full, y_train_full, random_state=42)

scaler = StandardScaler()
X_train_scaled = scaler.fit_transform(X_train)
X_valid_scaled = scaler.transform(X_valid)
X_test_scaled = scaler.transform(X_test)

model = nn.Sequential(
    nn.Linear(X_train.shape[1], 30),
    nn.ReLU(),
    nn.Linear(30, 1),
)
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()

# "model.fit(X_train_scaled, y_train, epochs=60, validation_data=(X_valid_scaled, y_valid))"
X_fit = torch.tensor(X_train_scaled, dtype=torch.float32)
y_fit = torch.tensor(y_train, dtype=torch.float32).reshape(-1, 1)
X_val = torch.tensor(X_valid_scaled, dtype=torch.float32)
y_val = torch.tensor(y_valid, dtype=torch.float32).reshape(-1, 1)

batch_size = 32
for epoch in range(60):
    perm = torch.randperm(len(X_fit))
    for i in range(0, len(X_fit), batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(X_fit[idx]), y_fit[idx])
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        val_loss = loss_fn(model(X_val), y_val).item()
    if epoch % 20 == 19:
        print(f"epoch {epoch + 1:2d}  loss {loss.item():.4f}  val_loss {val_loss:.4f}")

with torch.no_grad():
    pred = model(X_fit)
    r2 = 1 - torch.mean((pred - y_fit) ** 2).item() / torch.var(y_fit, unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
