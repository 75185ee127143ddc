# Rebuilt from: https://github.com/replicahealth/GluPredKit/issues/45
# Report: the PyTorch LSTM glucose model squeezes its output in forward(), which led to "UserWarning:
#   Using a target size (torch.Size([1])) that is different to the input size (torch.Size([]))";
#   the suggested change was .squeeze(1) instead of .squeeze().
# Not a bug (a look-alike that must stay silent): forward() returns fc(...).squeeze(), i.e. (B,) for the
#   (B,) targets the Dataset yields, so MSELoss pairs rows correctly; the warning only appears for the
#   final batch of one, where () vs (1,) broadcasts to the same single squared error.
# Our own code, written after the report (not copied from it); synthetic 5-minute CGM trace with meals,
#   30-minute-ahead prediction.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(0)

steps = np.arange(722)                               # ~2.5 days of 5-minute readings
glucose = 110 + 12 * np.sin(2 * np.pi * steps / 288)
for meal in range(20, 722, 70):
    glucose[meal:] += 45 * np.exp(-(steps[meal:] - meal) / 18) * (1 - np.exp(-(steps[meal:] - meal) / 4))
glucose += rng.normal(0, 2, len(steps))
g = ((glucose - glucose.mean()) / glucose.std()).astype(np.float32)


class CGMDataset(Dataset):
    def __init__(self, series, history=12, horizon=6):
        self.series, self.history, self.horizon = series, history, horizon

    def __len__(self):
        return len(self.series) - self.history - self.horizon + 1

    def __getitem__(self, i):
        x = torch.from_numpy(self.series[i:i + self.history]).unsqueeze(-1)
        y = torch.tensor(self.series[i + self.history + self.horizon - 1])
        return x, y


class LSTMModel(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :]).squeeze()


ds = CGMDataset(g)                                  # 705 windows -> last batch of one
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = LSTMModel()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)

for epoch in range(12):
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 4 == 0:
        print(f"epoch {epoch} loss {total / len(loader):.4f}")

with torch.no_grad():
    X = torch.stack([ds[i][0] for i in range(len(ds))])
    y = torch.stack([ds[i][1] for i in range(len(ds))])
    pred = model(X).reshape(-1)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
