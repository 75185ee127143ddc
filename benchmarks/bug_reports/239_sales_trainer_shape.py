# Rebuilt from: https://runebook.dev/ru/docs/pytorch/generated/torch.nn.functional.mse_loss
# Report: A beginner's write-up of F.mse_loss: the most common trap is an input of size (N, 1) against a target
#   of size (N); PyTorch broadcasts instead of failing, the loss comes out large and wrong, and the advice is
#   to always call .view(-1) (or check that both shapes match) before the loss.
# Bug (planted: TL001): Trainer.step() calls F.mse_loss(out, y) with out (B, 1) from SalesNet and y (B,) from
#   the DataLoader; the loss broadcasts to (B, B) and the net only learns average daily sales.
# Our own code, written after the report (not copied from it); data: store_sales.csv from make_store_sales.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader
from sklearn.preprocessing import StandardScaler

torch.manual_seed(1)
torch.set_num_threads(1)
np.random.seed(1)

df = pd.read_csv("store_sales.csv", parse_dates=["date"])
df["dow"] = df["date"].dt.day_of_week
df["lag_7"] = df["sales"].shift(7)
df["lag_14"] = df["sales"].shift(14)
df["roll_mean_7"] = df["sales"].shift(1).rolling(7).mean()
df["month"] = df["date"].dt.month
df = pd.get_dummies(df, columns=["dow"], prefix="dow", dtype=float).dropna().reset_index(drop=True)
feature_cols = ["lag_7", "lag_14", "roll_mean_7", "promo", "state_holiday", "month"] + [c for c in df if c.startswith("dow_")]

train_df, valid_df = df.iloc[:-60], df.iloc[-60:]
x_scaler = StandardScaler().fit(train_df[feature_cols])
y_mean, y_std = train_df["sales"].mean(), train_df["sales"].std()


class SalesDataset(Dataset):
    def __init__(self, frame):
        self.x = x_scaler.transform(frame[feature_cols]).astype(np.float32)
        self.y = ((frame["sales"].values - y_mean) / y_std).astype(np.float32)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]


class SalesNet(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 48)
        self.fc2 = nn.Linear(48, 24)
        self.out = nn.Linear(24, 1)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.out(x)


class Trainer:
    def __init__(self, model, lr=3e-3):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)

    def step(self, x, y):
        self.opt.zero_grad()
        out = self.model(x)
        loss = F.mse_loss(out, y)
        loss.backward()
        self.opt.step()
        return loss.item()

    def evaluate(self, loader):
        self.model.eval()
        with torch.no_grad():
            losses = [F.mse_loss(self.model(x).view(-1), y).item() for x, y in loader]
        self.model.train()
        return float(np.mean(losses))

    def fit(self, train_loader, valid_loader, epochs=40):
        for epoch in range(epochs):
            losses = [self.step(x, y) for x, y in train_loader]
            if epoch % 10 == 0:
                print(f"epoch {epoch:3d}  train {np.mean(losses):.4f}  valid {self.evaluate(valid_loader):.4f}")


train_ds, valid_ds = SalesDataset(train_df), SalesDataset(valid_df)
trainer = Trainer(SalesNet(len(feature_cols)))
trainer.fit(DataLoader(train_ds, batch_size=32, shuffle=True), DataLoader(valid_ds, batch_size=32))

with torch.no_grad():
    x_all, y_all = torch.from_numpy(train_ds.x), torch.from_numpy(train_ds.y)
    pred = trainer.model(x_all).view(-1)
    r2 = 1 - F.mse_loss(pred, y_all) / y_all.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
