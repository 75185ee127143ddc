# Rebuilt from: https://stats.stackexchange.com/questions/405755/ranked-categorical-variables-in-artificial-neural-networks
# Report: The poster believed ANN inputs must be continuous and asked whether ranked categorical variables
#   (1 = low, 2 = average, 3 = high) have to be transformed before they can enter the network. Answers: inputs
#   do not have to be continuous; label-encoded ordinal values can be fed as they are.
# Not a bug (a look-alike that must stay silent): the survey answers are small ordinal integers (0..5 Likert
#   levels, 1..3 risk bands) fed as floats without scaling; their range is already O(1) and Adam adapts the
#   step per weight, so nothing is ill-conditioned.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
rng = np.random.default_rng(9)

n = 1000
likert = rng.integers(0, 6, (n, 6))            # six questions answered 0..5
risk_band = rng.integers(1, 4, (n, 1))          # 1 = low, 2 = average, 3 = high
X = np.hstack([likert, risk_band]).astype(np.float32)
score = likert[:, 0] + likert[:, 1] - likert[:, 3] + 1.5 * (risk_band[:, 0] - 2) + rng.normal(0, 0.8, n)
y = np.digitize(score, [-1.0, 2.5, 6.0])        # 4 satisfaction classes


class SurveyDataset(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.X[i], self.y[i]           # float32 row, numpy int64 label


X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
loader = DataLoader(SurveyDataset(X_tr, y_tr), batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(7, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 4))
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.CrossEntropyLoss()
for epoch in range(40):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = model(torch.from_numpy(X_te)).argmax(1).numpy()
print(f"RESULT acc={(pred == y_te).mean():.3f}")
