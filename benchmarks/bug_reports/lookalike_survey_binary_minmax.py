# Rebuilt from: https://datascience.stackexchange.com/questions/23050/am-i-supposed-to-scale-binary-features-alongside-other-numerical-features
# Report: Preparing a binary-classification neural net (sigmoid output) on data with some very large numeric
#   features and some binary ones; the numeric ones are scaled to [0,1] and the asker wonders whether the binary
#   columns must be scaled too. The comment notes 0/1 features are unaffected by [0,1] scaling anyway.
# Not a bug (a look-alike that must stay silent): MinMaxScaler is fitted on the large numeric survey columns and the
#   0/1 columns are appended unscaled; every model input already lies in [0,1].
# Our own code, written after the report (not copied from it); synthetic household-survey data built in load_survey()
import numpy as np
import torch, torch.nn as nn
from sklearn.preprocessing import MinMaxScaler
from sklearn.model_selection import train_test_split

torch.manual_seed(9); rng = np.random.default_rng(9)

def load_survey(n=600):
    household_income = rng.lognormal(11.0, 0.6, n)          # dollars
    home_value = household_income * rng.uniform(2, 6, n)     # dollars
    commute_min = rng.gamma(3, 9, n)
    age = rng.integers(18, 85, n)
    urban = rng.integers(0, 2, n)
    owns_car = rng.integers(0, 2, n)
    has_degree = rng.integers(0, 2, n)
    z = 1.2 * np.log(household_income / 60000) + 1.5 * has_degree - 0.8 * urban + 0.02 * (age - 45) + 0.6 * owns_car - 0.3
    voted = (rng.random(n) < 1 / (1 + np.exp(-2 * z))).astype(np.float32)
    numeric = np.column_stack([household_income, home_value, commute_min, age])
    binary = np.column_stack([urban, owns_car, has_degree])
    return numeric, binary, voted

numeric, binary, voted = load_survey()
num_tr, num_te, bin_tr, bin_te, y_tr, y_te = train_test_split(numeric, binary, voted, test_size=0.2, random_state=0)
scaler = MinMaxScaler().fit(num_tr)
X_tr = np.hstack([scaler.transform(num_tr), bin_tr]).astype(np.float32)   # binary columns appended as-is

X = torch.from_numpy(X_tr)
y = torch.from_numpy(y_tr).unsqueeze(1)
model = nn.Sequential(nn.Linear(X.shape[1], 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())
opt = torch.optim.SGD(model.parameters(), lr=0.3)
bce = nn.BCELoss()
for epoch in range(800):
    opt.zero_grad()
    loss = bce(model(X), y)
    loss.backward()
    opt.step()
    if epoch % 200 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = ((model(X) > 0.5).float() == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
