# Rebuilt from: https://h.sherstnev.org/l1
# Report: Lesson recap of an intro ML class: a PyTorch nn.Sequential model predicting Melbourne house prices
#   from numeric columns; the class saw that training with gradient descent only behaved once every feature
#   was normalized to mean 0 / std 1, and that the learning rate had to be tuned to the data.
# Fixed twin of 350_melbourne_houses_unscaled.py: features standardized with the training-set mean/std before training
# Our own code, written after the report (not copied from it); data: melbourne_houses.csv from make_melbourne.py
import numpy as np
import pandas as pd
import torch
from torch import nn
from sklearn.model_selection import train_test_split

torch.set_num_threads(1)
torch.manual_seed(0)

df = pd.read_csv("melbourne_houses.csv")
features = ["Rooms", "Distance", "Bathroom", "Car", "Landsize", "BuildingArea", "YearBuilt"]
X = df[features].values.astype(np.float32)
y = (df["Price"].values / 1e6).astype(np.float32)          # price in $M

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

mean = X_train.mean(axis=0)
std = X_train.std(axis=0)
X_train = (X_train - mean) / std
X_test = (X_test - mean) / std

X_train_t = torch.tensor(X_train)
X_test_t = torch.tensor(X_test)
y_train_t = torch.tensor(y_train).unsqueeze(1)
y_test_t = torch.tensor(y_test).unsqueeze(1)

num_features = X_train_t.shape[1]
num_hidden = 16
model = nn.Sequential(
    nn.Linear(num_features, num_hidden),
    nn.ReLU(),
    nn.Linear(num_hidden, num_hidden),
    nn.ReLU(),
    nn.Linear(num_hidden, 1),
)
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

num_steps = 800
for step in range(num_steps):
    optimizer.zero_grad()
    loss = loss_fn(model(X_train_t), y_train_t)
    loss.backward()
    optimizer.step()
    if (step + 1) % 200 == 0:
        with torch.no_grad():
            test_loss = loss_fn(model(X_test_t), y_test_t)
        print(f"Step [{step+1}/{num_steps}], Train Loss: {loss.item():.4f}, Test Loss: {test_loss.item():.4f}")

with torch.no_grad():
    pred = model(X_train_t)
    r2 = 1 - torch.mean((pred - y_train_t) ** 2) / torch.var(y_train_t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
