# Rebuilt from: https://datascience.stackexchange.com/questions/101823/how-are-the-values-for-the-sex-feature-in-sklearn-diabetes-dataset-obtained
# Report: Exploring sklearn's diabetes dataset, the "sex" column only holds 0.05068012 and -0.04464164
#   and every feature looks oddly small; the poster asks how these numbers were obtained.
#   Answer: each of the 10 features is already mean-centered and scaled (sum of squares per column = 1).
# Not a bug (a look-alike that must stay silent): the features go into training without any scaler,
#   but load_diabetes already delivers them centered and scaled; no extra normalization is needed.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import load_diabetes

np.random.seed(0)
torch.manual_seed(0)

diab = load_diabetes(as_frame=True)
features = diab.data
print("sex values:", np.unique(features["sex"].values))
print("sum of squares of age:", float((features["age"] ** 2).sum()))

X = torch.tensor(features.values, dtype=torch.float32)
y = torch.tensor(diab.target.values, dtype=torch.float32).unsqueeze(1)

model = nn.Linear(X.shape[1], 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
criterion = nn.MSELoss()

for step in range(4000):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
    if step % 1000 == 0:
        print(step, loss.item())

with torch.no_grad():
    pred = model(X)
    r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
