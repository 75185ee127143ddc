# Rebuilt from: https://github.com/UC-IIC2613/Syllabus/issues/220
# Report: Diamond-price regression homework with tanh/sigmoid layers: a student asks to min-max normalize
#         the price because of the activation ranges; the staff answer it is a bad idea (metrics must stay in
#         dollars) and that tuning the hyperparameters is the way to go.
# Not a bug (a look-alike that must stay silent): only the TARGET (price, in dollars) is left raw; every input
#         feature is standardized, the output layer is linear and Adam handles the target scale.
# Our own code, written after the report (not copied from it); synthetic diamonds-like data generated in the script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler

torch.manual_seed(6)
rng = np.random.default_rng(6)

n = 500
df = pd.DataFrame({
    "carat": rng.gamma(2.0, 0.4, n).clip(0.2, 3.0),
    "cut": rng.choice(["Fair", "Good", "Very Good", "Premium", "Ideal"], n),
    "depth": rng.normal(61.7, 1.4, n),
    "table": rng.normal(57.4, 2.2, n),
})
cut_eff = df.cut.map({"Fair": -600, "Good": -200, "Very Good": 0, "Premium": 250, "Ideal": 400})
df["price"] = (300 + 5200 * df.carat ** 1.6 + cut_eff - 40 * (df.depth - 61.7)
               + rng.normal(0, 350, n)).clip(330, None).round()

X = pd.get_dummies(df.drop(columns="price"), columns=["cut"], dtype=float)
X[["carat", "depth", "table"]] = StandardScaler().fit_transform(X[["carat", "depth", "table"]])
X_t = torch.tensor(X.values, dtype=torch.float32)
y_t = torch.tensor(df[["price"]].values, dtype=torch.float32)

model = nn.Sequential(nn.Linear(X_t.shape[1], 64), nn.Tanh(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.1)
loss_fn = nn.L1Loss()
for epoch in range(600):
    opt.zero_grad()
    loss = loss_fn(model(X_t), y_t)
    loss.backward()
    opt.step()
    if epoch % 200 == 0:
        print(f"epoch {epoch} mae {loss.item():.1f}")

with torch.no_grad():
    pred = model(X_t)
    r2 = 1 - ((pred - y_t) ** 2).mean() / y_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
