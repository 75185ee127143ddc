# Rebuilt from: https://mc.ai/a-dummies-guide-to-data-normalization-for-neural-nets/
# Report: Tutorial predicting whether a survey respondent has children from Age, Income, Sex, Education, Marital
#   Status and Religion; it explains that these inputs "do not have a uniform scale" (income in the tens of
#   thousands next to ages and 0/1 codes) and must be min-max or z-score normalized before the network sees them.
# Fixed twin of 248_census_children_raw.py: age, income and education_yrs min-max normalized to [0,1] before training
# Our own code, written after the report (not copied from it); data: census_children.csv from make_census_children.py
import numpy as np, pandas as pd
import torch, torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1)
df = pd.read_csv("census_children.csv")
df = pd.get_dummies(df, columns=["marital_status", "religion"], dtype=float)
numeric_cols = ["age", "income", "education_yrs"]
feature_cols = [c for c in df.columns if c != "has_children"]
for c in numeric_cols:                               # min-max normalization from the tutorial
    df[c] = (df[c] - df[c].min()) / (df[c].max() - df[c].min())

X = torch.tensor(df[feature_cols].values, dtype=torch.float32)
y = torch.tensor(df["has_children"].values, dtype=torch.float32).unsqueeze(1)

class ChildrenNet(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 24)
        self.fc2 = nn.Linear(24, 12)
        self.out = nn.Linear(12, 1)
    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.out(x)

model = ChildrenNet(X.shape[1])
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.BCEWithLogitsLoss()

for epoch in range(150):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 50):
        idx = perm[i:i + 50]
        optimizer.zero_grad()
        loss = criterion(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
    if epoch % 30 == 0:
        print(f"epoch {epoch:3d} loss {loss.item():.4f}")

with torch.no_grad():
    pred = (torch.sigmoid(model(X)) > 0.5).float()
acc = (pred == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
