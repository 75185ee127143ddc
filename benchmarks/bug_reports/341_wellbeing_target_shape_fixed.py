# Rebuilt from: https://github.com/tensorflow/tensorflow/pull/32292
# Report: A fix (cherry-picked into TF 2.0) titled "Fix loss computation when y_true and y_pred is not same
#   shape": the mean-squared-error loss was computed over broadcast tensors when the label vector and the
#   (batch, 1) prediction had different shapes, so the reported/optimised loss was wrong.
# Fixed twin of 341_wellbeing_target_shape.py: train() reshapes the target with yb.view(-1, 1) so it matches the (B, 1) prediction
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(1)
np.random.seed(1)


def load_survey(n=400):
    df = pd.DataFrame({
        "age": np.random.randint(18, 75, n),
        "sleep_hours": np.random.normal(7, 1.2, n).round(1),
        "life_satisfaction": np.random.randint(1, 8, n),   # Likert 1..7
        "social_support": np.random.randint(1, 6, n),      # Likert 1..5
    })
    df["wellbeing"] = (10 + 2.0 * df["life_satisfaction"] + 1.5 * df["social_support"]
                       + 1.0 * (df["sleep_hours"] - 7) - 0.03 * (df["age"] - 45)
                       + np.random.normal(0, 1.5, n))
    return df


class WellbeingDataset(Dataset):
    def __init__(self, df, feats):
        x = df[feats].values.astype(np.float32)
        self.x = (x - x.mean(0)) / x.std(0)
        self.y = df["wellbeing"].values.astype(np.float32)
        self.y_mean, self.y_std = self.y.mean(), self.y.std()

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], (self.y[i] - self.y_mean) / self.y_std


def train(model, loader, epochs=60, lr=1e-2):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for ep in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            pred = model(xb)
            loss = F.mse_loss(pred, yb.view(-1, 1))
            loss.backward()
            opt.step()
        if ep % 20 == 0:
            print(f"epoch {ep} loss {loss.item():.4f}")


feats = ["age", "sleep_hours", "life_satisfaction", "social_support"]
ds = WellbeingDataset(load_survey(), feats)
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 1))
train(model, loader)

with torch.no_grad():
    pred = model(torch.tensor(ds.x)).view(-1)
    y = torch.tensor((ds.y - ds.y_mean) / ds.y_std)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
