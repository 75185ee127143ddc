# Rebuilt from: https://datascience.stackexchange.com/questions/31652/should-one-hot-vectors-be-scaled-with-numerical-attributes
# Report: With mixed numerical and categorical attributes, the poster one-hot encodes the categoricals and
#   standardises the numericals, and asked whether the one-hot vectors must be scaled too or can stay as is.
#   The answer: leaving them 0/1 is fine; scaling them may help a little, "try both".
# Not a bug (a look-alike that must stay silent): only the numerical columns go through StandardScaler in
#   prepare(); the pd.get_dummies columns stay 0/1, which is already a good range. The labels are reshaped to
#   (N, 1) once in the Dataset, so BCEWithLogitsLoss gets (B, 1) logits and (B, 1) targets.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
rng = np.random.default_rng(3)

n = 600
df = pd.DataFrame({
    "age": rng.integers(18, 75, n),
    "income": rng.normal(52000, 18000, n).round(-2),
    "city": rng.choice(["Lyon", "Paris", "Nantes", "Lille"], n),
    "device": rng.choice(["android", "ios", "desktop"], n),
})
logit = (0.04 * (df.age - 45) + 3e-5 * (df.income - 52000)
         + df.city.map({"Lyon": 0.8, "Paris": -1.0, "Nantes": 0.3, "Lille": -0.2})
         + df.device.map({"android": -0.7, "ios": 0.9, "desktop": 0.0}))
df["churn"] = (logit + rng.logistic(0, 0.3, n) > 0).astype(int)

NUM_COLS = ["age", "income"]
CAT_COLS = ["city", "device"]


def prepare(train_df, test_df):
    scaler = StandardScaler().fit(train_df[NUM_COLS])
    out = []
    for part in (train_df, test_df):
        num = pd.DataFrame(scaler.transform(part[NUM_COLS]), columns=NUM_COLS, index=part.index)
        cats = pd.get_dummies(part[CAT_COLS], columns=CAT_COLS).astype(np.float32)
        out.append(pd.concat([num, cats], axis=1))
    out[1] = out[1].reindex(columns=out[0].columns, fill_value=0.0)
    return out


class ChurnDataset(Dataset):
    def __init__(self, X, y):
        self.X = torch.tensor(X.values, dtype=torch.float32)
        self.y = torch.tensor(y.values, dtype=torch.float32).view(-1, 1)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.X[i], self.y[i]


train_df, test_df = train_test_split(df, test_size=0.25, random_state=0)
X_train, X_test = prepare(train_df, test_df)
print(X_train.head(3))
train_ds = ChurnDataset(X_train, train_df["churn"])
test_ds = ChurnDataset(X_test, test_df["churn"])
loader = DataLoader(train_ds, batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(X_train.shape[1], 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(40):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = (model(test_ds.X) > 0).float()
acc = (pred == test_ds.y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
