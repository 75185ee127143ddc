# Rebuilt from: https://github.com/skorch-dev/skorch/pull/974
# Report: skorch used to refuse a 1-D y in NeuralNetRegressor ("just do y.reshape(-1, 1)"); the PR lifts the
#   check so regression with the usual 1-D pandas target works, as long as the module's output matches it.
# Not a bug (a look-alike that must stay silent): the target is a 1-D (N,) float array and the last layer is
#   nn.Linear(32, 1), which looks like (B, 1) vs (B,); but forward() returns out.squeeze(-1), so the loss sees
#   (B,) vs (B,). Numeric inputs are standardized and the one-hot block is 0/1.
# Our own code, written after the report (not copied from it); data generated in the script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)


def load_data(n=500):
    rng = np.random.default_rng(5)
    df = pd.DataFrame({
        "year": rng.integers(2005, 2022, n),
        "km_driven": np.round(rng.gamma(2.0, 35000, n)),
        "engine_cc": rng.choice([998, 1197, 1498, 1998, 2494], n),
        "fuel": rng.choice(["Petrol", "Diesel", "CNG"], n, p=[0.55, 0.4, 0.05]),
        "transmission": rng.choice(["Manual", "Automatic"], n, p=[0.8, 0.2]),
    })
    log_price = (11.5 + 0.09 * (df.year - 2014) - 0.25 * np.log1p(df.km_driven / 10000)
                 + 0.5 * np.log(df.engine_cc / 1200) + 0.15 * (df.fuel == "Diesel")
                 + 0.2 * (df.transmission == "Automatic") + rng.normal(0, 0.1, n))
    df["selling_price"] = np.round(np.exp(log_price), -3)
    return df


class PriceNet(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 32)
        self.fc2 = nn.Linear(32, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.out(x).squeeze(-1)


df = load_data()
num_cols = ["year", "km_driven", "engine_cc"]
onehot = pd.get_dummies(df[["fuel", "transmission"]], dtype=float)
y = np.log1p(df["selling_price"].values).astype(np.float32)          # 1-D target, shape (N,)
X_tr_num, X_va_num, oh_tr, oh_va, y_tr, y_va = train_test_split(
    df[num_cols].values, onehot.values, y, test_size=0.2, random_state=0)
scaler = StandardScaler().fit(X_tr_num)
X_tr = np.concatenate([scaler.transform(X_tr_num), oh_tr], axis=1).astype(np.float32)
X_tr, y_tr = torch.from_numpy(X_tr), torch.from_numpy(y_tr)
y_mean = y_tr.mean()

model = PriceNet(X_tr.shape[1])
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(150):
    perm = torch.randperm(len(X_tr))
    for i in range(0, len(X_tr), 32):
        idx = perm[i:i + 32]
        pred = model(X_tr[idx])
        loss = F.mse_loss(pred, y_tr[idx] - y_mean)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

with torch.no_grad():
    p = (model(X_tr) + y_mean).numpy()
yt = y_tr.numpy()
print(f"RESULT r2={1 - np.mean((p - yt) ** 2) / np.var(yt):.3f}")
