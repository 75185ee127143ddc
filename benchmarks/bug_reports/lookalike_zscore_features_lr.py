# Rebuilt from: https://github.com/Smadx/USTC-ML24-Fall/issues/47
# Report: Lab 1 regression: without normalization the loss went down, only slowly; after adding the
#         normalization code the loss of the first part stopped decreasing. Answer: the learning rate is too small.
# Not a bug (a look-alike that must stay silent): the inputs ARE z-score normalized with training-set
#         mean/std (the stall in the report was the learning rate, set sensibly here), so nothing is raw.
# Our own code, written after the report (not copied from it); synthetic insurance-charges-like data generated in the script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(9)
rng = np.random.default_rng(9)

n = 500
df = pd.DataFrame({
    "age": rng.integers(18, 65, n).astype(float),
    "bmi": rng.normal(30.6, 6.0, n),
    "children": rng.integers(0, 5, n).astype(float),
    "smoker": rng.choice([0.0, 1.0], n, p=[0.8, 0.2]),
})
df["charges"] = (2500 + 260 * df.age + 320 * (df.bmi - 30) + 480 * df.children
                 + 23000 * df.smoker + rng.normal(0, 2500, n))

train_df, _ = train_test_split(df, test_size=0.2, random_state=1)
feat = ["age", "bmi", "children", "smoker"]
mean, std = train_df[feat].mean(), train_df[feat].std()
X = torch.tensor(((train_df[feat] - mean) / std).values, dtype=torch.float32)
y_raw = train_df[["charges"]].values
y_mu, y_sd = y_raw.mean(), y_raw.std()
y = torch.tensor((y_raw - y_mu) / y_sd, dtype=torch.float32)


class LinearRegression(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.linear = nn.Linear(d, 1)

    def forward(self, x):
        return self.linear(x)


model = LinearRegression(X.shape[1])
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
for step in range(300):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(X), y)
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        print(f"step {step} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
