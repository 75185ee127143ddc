# Rebuilt from: https://github.com/ODINN-SciML/MassBalanceMachine/issues/20
# Report: Feature normalization should become a standard data-processing step: tree models did not care
#         (XGBoost gave the same result with and without MinMaxScaler), but it is needed for neural networks;
#         metadata columns at the end of the table must be left unscaled.
# Bug (planted: TL002): the MLP is trained on X_train_unnorm[:, :-3] as is: elevation (~3000 m), 2 m
#         temperature (~270 K) and precipitation (mm) are far from unit scale, and SGD diverges.
# Our own code, written after the report (not copied from it); synthetic point mass-balance data generated in the script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(4)
rng = np.random.default_rng(4)

n = 500
df = pd.DataFrame({
    "elevation": rng.uniform(2200, 3600, n),
    "t2m": rng.normal(272, 4, n),
    "tp": rng.gamma(3, 40, n),
    "slope": rng.uniform(2, 35, n),
    "aspect_sin": np.sin(rng.uniform(0, 2 * np.pi, n)),
    "RGIId": rng.integers(1000, 1010, n),      # metadata
    "YEAR": rng.integers(1990, 2020, n),       # metadata
    "POINT_ID": np.arange(n),                  # metadata
})
df["POINT_BALANCE"] = (0.0018 * (df.elevation - 2900) - 0.35 * (df.t2m - 272) + 0.008 * (df.tp - 120)
                       - 0.3 * df.aspect_sin + rng.normal(0, 0.25, n))

df_train_X = df.drop(columns="POINT_BALANCE")
df_train_y = df[["POINT_BALANCE"]]
X_train_unnorm, y_train = df_train_X.values, df_train_y.values
feature_columns = X_train_unnorm[:, :-3]

X_tr, X_va, y_tr, y_va = train_test_split(feature_columns, y_train, test_size=0.2, random_state=0)
X_tr = torch.tensor(X_tr, dtype=torch.float32)
y_tr = torch.tensor(y_tr, dtype=torch.float32)

model = nn.Sequential(nn.Linear(X_tr.shape[1], 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
criterion = nn.MSELoss()

for epoch in range(150):
    for i in range(0, len(X_tr), 64):
        xb, yb = X_tr[i:i + 64], y_tr[i:i + 64]
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch}: loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X_tr)
    r2 = 1 - ((pred - y_tr) ** 2).mean() / y_tr.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
