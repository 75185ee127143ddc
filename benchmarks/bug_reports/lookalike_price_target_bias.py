# Rebuilt from: https://stats.stackexchange.com/questions/409000/should-we-normalize-target-data-as-well-as-input-data
# Report: A teacher predicts housing prices (mean around $250,000) and keeps the target in dollars so the
#   MSE stays readable; initializing the output bias to the mean price lets a small ReLU net beat linear
#   regression within a few dozen epochs, and they ask whether that is acceptable practice.
# Not a bug (a look-alike that must stay silent): the input features are standardized; only the target is
#   in raw dollars, and the output bias starts at the mean price, so Adam trains normally.
# Our own code, written after the report (not copied from it); data file houses.csv from make_houses.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

np.random.seed(5)
torch.manual_seed(5)

df = pd.read_csv("houses_qad.csv")
features = ["median_income", "housing_median_age", "total_rooms", "population", "latitude", "longitude"]
X = df[features].values
y = df["median_house_value"].values.astype(np.float32)

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train = torch.tensor(scaler.transform(X_train), dtype=torch.float32)
y_train = torch.tensor(y_train).view(-1, 1)

class PriceNet(nn.Module):
    def __init__(self, n_in, mean_price):
        super().__init__()
        self.hidden = nn.Linear(n_in, 32)
        self.out = nn.Linear(32, 1)
        with torch.no_grad():
            self.out.bias.fill_(mean_price)
    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))

model = PriceNet(len(features), float(y_train.mean()))
optimizer = torch.optim.Adam(model.parameters(), lr=0.5)
loss_fn = nn.MSELoss()

for epoch in range(300):
    optimizer.zero_grad()
    loss = loss_fn(model(X_train), y_train)
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print(epoch, f"rmse=${loss.item() ** 0.5:,.0f}")

with torch.no_grad():
    pred = model(X_train)
    r2 = 1 - ((pred - y_train) ** 2).mean() / y_train.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
