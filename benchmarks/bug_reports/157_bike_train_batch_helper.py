# Rebuilt from: https://github.com/PacktPublishing/Modern-Computer-Vision-with-PyTorch/issues/73
# Report: In the notebook's train_batch(x, y, model, opt, loss_fn) cell the prediction has shape [N, 1] while
#   y_train was created as a flat tensor, and the loss complained "Using a target size ... that is different
#   to the input size". Suggested fix: build y_train with .float().unsqueeze(1) (or squeeze the prediction).
# Bug (planted: TL001): BikeDataset stores self.y as a 1-D tensor, so train_batch passes prediction (B, 1)
#   and y (B,) to nn.MSELoss, which broadcasts them to (B, B).
# Our own code, written after the report (not copied from it); data: bike_hours.csv from make_bike_hours.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.model_selection import train_test_split

torch.manual_seed(7)
np.random.seed(7)

df = pd.read_csv("bike_hours.csv")
print(df.sample(5, random_state=7))
print(df.describe().round(2))
print("mean count by hour:\n", df.groupby("hr")["cnt"].mean().round(1).to_string())
print("mean count by weather:\n", df.groupby("weathersit")["cnt"].mean().round(1))

# feature engineering
df["hr_sin"] = np.sin(2 * np.pi * df["hr"] / 24)
df["hr_cos"] = np.cos(2 * np.pi * df["hr"] / 24)
df["rush"] = df["hr"].isin([7, 8, 9, 16, 17, 18, 19]).astype(int) * df["workingday"]
num_cols = ["temp", "hum", "windspeed"]
df[num_cols] = (df[num_cols] - df[num_cols].mean()) / df[num_cols].std()
df["log_cnt"] = np.log1p(df["cnt"])

feat_cols = ["hr_sin", "hr_cos", "rush", "temp", "hum", "windspeed", "workingday", "weathersit"]
train_df, valid_df = train_test_split(df, test_size=0.2, random_state=7)


class BikeDataset(Dataset):
    def __init__(self, frame):
        self.x = torch.tensor(frame[feat_cols].values).float()
        self.y = torch.tensor(frame["log_cnt"].values).float()

    def __len__(self):
        return len(self.x)

    def __getitem__(self, ix):
        return self.x[ix], self.y[ix]


class BikeModel(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, 48), nn.Tanh(), nn.Linear(48, 24), nn.Tanh(), nn.Linear(24, 1))

    def forward(self, x):
        return self.net(x)


def train_batch(x, y, model, opt, loss_fn):
    model.train()
    prediction = model(x)
    batch_loss = loss_fn(prediction, y)
    batch_loss.backward()
    opt.step()
    opt.zero_grad()
    return batch_loss.item()


def train_one_epoch(model, loader, optimizer, criterion):
    losses = [train_batch(x, y, model, optimizer, criterion) for x, y in loader]
    return float(np.mean(losses))


@torch.no_grad()
def evaluate(model, ds):
    model.eval()
    pred = model(ds.x).flatten()
    target = ds.y.flatten()
    sse = ((pred - target) ** 2).sum()
    sst = ((target - target.mean()) ** 2).sum()
    return (1 - sse / sst).item()


train_ds, valid_ds = BikeDataset(train_df), BikeDataset(valid_df)
train_dl = DataLoader(train_ds, batch_size=32, shuffle=True)
model = BikeModel(len(feat_cols))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.MSELoss()

for epoch in range(40):
    loss = train_one_epoch(model, train_dl, optimizer, loss_fn)
    if epoch % 8 == 7:
        print(f"epoch {epoch + 1}: loss {loss:.4f}  valid r2 {evaluate(model, valid_ds):.3f}")

print(f"RESULT r2={evaluate(model, train_ds):.3f}")
