# Rebuilt from: https://github.com/ivishalanand/Federated-Learning-on-Hospital-Data/issues/1
# Report: On Colab the hospital-data notebook stopped with "Using a target size (torch.Size([96])) that
#   is different to the input size (torch.Size([96, 1]))"; the suggested fix is
#   loss = criterion(prediction, output.unsqueeze(1)).
# Not a bug (a look-alike that must stay silent): the labels stay 1-D (N,) in the Dataset/DataLoader,
#   but they are unsqueezed to (N, 1) right at the loss call, so prediction and target match.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.preprocessing import StandardScaler

np.random.seed(11)
torch.manual_seed(11)

def load_data(n=480):
    age = np.random.randint(20, 90, n)
    stay_days = np.random.randint(1, 20, n)
    prior_visits = np.random.poisson(2, n)
    glucose = np.random.normal(110, 25, n)
    logit = 0.04 * (age - 55) + 0.15 * (stay_days - 10) + 0.5 * (prior_visits - 2) + 0.02 * (glucose - 110)
    readmitted = (np.random.rand(n) < 1 / (1 + np.exp(-logit))).astype(np.float32)
    X = np.column_stack([age, stay_days, prior_visits, glucose]).astype(np.float32)
    return StandardScaler().fit_transform(X).astype(np.float32), readmitted

class HospitalData(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.y)
    def __getitem__(self, i):
        return torch.from_numpy(self.X[i]), torch.tensor(self.y[i])   # label is a 0-d tensor

X, y = load_data()
loader = DataLoader(HospitalData(X, y), batch_size=96, shuffle=True)

model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())
criterion = nn.BCELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for epoch in range(30):
    for data, output in loader:
        optimizer.zero_grad()
        prediction = model(data)                          # (96, 1)
        loss = criterion(prediction, output.unsqueeze(1))  # (96,) -> (96, 1)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    probs = model(torch.from_numpy(X)).squeeze(1)
    acc = ((probs > 0.5).float() == torch.from_numpy(y)).float().mean()
print(f"RESULT acc={acc.item():.3f}")
