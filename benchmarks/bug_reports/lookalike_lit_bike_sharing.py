# Rebuilt from: https://github.com/Lightning-AI/pytorch-lightning/issues/3351
# Report: A LightningModule regression on the hourly bike-sharing table (one-hot season/month/hour/
#   weekday/weather dummies plus continuous columns) posted in a thread about SLURM auto-resubmit;
#   the training code itself ran fine and the question was only about resubmission.
# Not a bug (a look-alike that must stay silent): the feature matrix mixes 0/1 dummies and columns
#   like 'yr' and 'holiday' that are left unscaled, but they are already on unit scale; every
#   continuous field (temp, hum, windspeed and the cnt target) is standardized with a stored mean/std,
#   and the target is taken as df[['cnt']] so it is (B, 1) like the model output.
# Our own code, written after the report (not copied from it); Lightning is not installed, so a
#   minimal LightningModule / Trainer stand-in that calls the hooks like Lightning does is included.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

np.random.seed(3)
torch.manual_seed(3)
torch.set_num_threads(1)
l_rate = 0.05
mse_loss = nn.MSELoss(reduction="mean")


class LightningModule(nn.Module):
    pass


class Trainer:
    def __init__(self, max_epochs):
        self.max_epochs = max_epochs

    def fit(self, model, train_dataloader):
        opt = model.configure_optimizers()
        for epoch in range(self.max_epochs):
            for i, batch in enumerate(train_dataloader):
                out = model.training_step(batch, i)
                opt.zero_grad()
                out["loss"].backward()
                opt.step()


def load_data(n=600):
    df = pd.DataFrame({
        "season": np.random.randint(1, 5, n), "yr": np.random.randint(0, 2, n),
        "mnth": np.random.randint(1, 13, n), "hr": np.random.randint(0, 24, n),
        "holiday": (np.random.rand(n) < 0.03).astype(int), "weekday": np.random.randint(0, 7, n),
        "weathersit": np.random.randint(1, 4, n), "temp": np.random.uniform(0.02, 1.0, n),
        "hum": np.random.uniform(0.0, 1.0, n), "windspeed": np.random.uniform(0.0, 0.85, n),
    })
    rush = df["hr"].isin([8, 17, 18]).astype(float)
    df["cnt"] = (40 + 250 * df["temp"] + 180 * rush + 60 * df["yr"] - 40 * (df["weathersit"] - 1)
                 - 30 * df["hum"] + np.random.normal(0, 20, n)).clip(1)
    return df


df = load_data()
onehot_fields = ["season", "mnth", "hr", "weekday", "weathersit"]
for field in onehot_fields:
    dummies = pd.get_dummies(df[field], prefix=field, drop_first=False)
    df = pd.concat([df, dummies], axis=1)
df = df.drop(onehot_fields, axis=1)

continuous_fields = ["cnt", "temp", "hum", "windspeed"]
scaled_features = {}
for field in continuous_fields:
    mean, std = df[field].mean(), df[field].std()
    scaled_features[field] = [mean, std]
    df.loc[:, field] = (df[field] - mean) / std

target = df[["cnt"]]
features = df.drop(["cnt"], axis=1).astype(np.float32)
X = torch.tensor(features.values)
y = torch.tensor(target.values, dtype=torch.float32)


class Regression(LightningModule):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(X.shape[1], 10)
        self.fc2 = nn.Linear(10, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=l_rate)

    def training_step(self, batch, batch_idx):
        x, y = batch
        logits = self.forward(x)
        loss = mse_loss(logits, y)
        return {"loss": loss, "log": {"train_loss": loss}}


model = Regression()
Trainer(max_epochs=60).fit(model, DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True))
with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
