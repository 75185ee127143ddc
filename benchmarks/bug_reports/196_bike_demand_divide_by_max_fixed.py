# Rebuilt from: https://github.com/BrainJS/brain.js/issues/278
# Report: "Why ...error: NaN...?" - the training log (posted as a screenshot) shows the error turning to NaN.
#         Maintainer: the inputs are not normalized; take the highest value of each input and divide by it,
#         so all values are of the same magnitude.
# Fixed twin of 196_bike_demand_divide_by_max.py: make_features() divides every input column by its maximum.
# Our own code, written after the report (not copied from it); synthetic bike-sharing data generated in the script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(2)
rng = np.random.default_rng(2)


def load_rentals(n=600):
    dt = pd.Timestamp("2011-01-01") + pd.to_timedelta(rng.integers(0, 2 * 365 * 24, n), unit="h")
    df = pd.DataFrame({"datetime": dt.strftime("%Y-%m-%d %H:%M:%S")})
    hour = dt.hour.values
    doy = dt.dayofyear.values
    df["temp"] = (60 + 25 * np.sin((doy - 110) / 365 * 2 * np.pi) + rng.normal(0, 6, n)).round(1)
    df["humidity"] = rng.integers(20, 100, n)
    df["windspeed"] = rng.gamma(2, 6, n).round(1)
    rush = np.exp(-((hour - 8) ** 2) / 4) + np.exp(-((hour - 17.5) ** 2) / 5)
    df["count"] = np.maximum(0, 40 + 350 * rush + 3.5 * (df.temp - 50) - 1.2 * (df.humidity - 60)
                             + 60 * (dt.year.values - 2011) + rng.normal(0, 25, n)).round()
    return df


def make_features(df):
    dt = pd.to_datetime(df["datetime"])
    out = pd.DataFrame({"hour": dt.dt.hour, "dayofyear": dt.dt.dayofyear, "year": dt.dt.year,
                        "temp": df["temp"], "humidity": df["humidity"], "windspeed": df["windspeed"]})
    out = out / out.max()
    return out.astype("float32")


class RentalDataset(Dataset):
    def __init__(self, feats, target):
        self.X, self.y = feats.values, target.values.astype("float32")

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.X[i], self.y[i]


df = load_rentals()
feats = make_features(df)
target = df["count"] / df["count"].max()
loader = DataLoader(RentalDataset(feats, target), batch_size=32, shuffle=True)

net = nn.Sequential(nn.Linear(6, 32), nn.Sigmoid(), nn.Linear(32, 1))
opt = torch.optim.SGD(net.parameters(), lr=0.2, momentum=0.9)

for it in range(100):
    errs = []
    for xb, yb in loader:
        opt.zero_grad()
        err = ((net(xb).squeeze(1) - yb) ** 2).mean()
        err.backward()
        opt.step()
        errs.append(err.item())
    if it % 50 == 0:
        print(f"iterations: {it}, training error: {np.mean(errs)}")

with torch.no_grad():
    X_all = torch.tensor(feats.values)
    y_all = torch.tensor(target.values, dtype=torch.float32)
    pred = net(X_all).squeeze(1)
    r2 = 1 - ((pred - y_all) ** 2).mean() / y_all.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
