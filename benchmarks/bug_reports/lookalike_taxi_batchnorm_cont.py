# Rebuilt from: https://mohitagr18.github.io/posts/links/nyc_taxi_fare.html
# Report: NYC taxi fare prediction in PyTorch: haversine distance from pickup/dropoff coordinates, hour /
#   AM-PM / weekday extracted from pickup_datetime and fed as categorical embeddings, continuous columns
#   (coordinates, passenger count, distance) passed through a batch-norm layer inside the tabular model.
# Not a bug (a look-alike that must stay silent): the raw coordinates/distances look unscaled, but the model's
#   first operation on them is nn.BatchNorm1d, which standardizes them; categoricals go through nn.Embedding.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(1)
n = 600
df = pd.DataFrame({
    "pickup_datetime": pd.Timestamp("2010-04-11") + pd.to_timedelta(rng.integers(0, 14 * 86400, n), unit="s"),
    "pickup_longitude": rng.normal(-73.98, 0.03, n), "pickup_latitude": rng.normal(40.75, 0.03, n),
    "dropoff_longitude": rng.normal(-73.98, 0.03, n), "dropoff_latitude": rng.normal(40.75, 0.03, n),
    "passenger_count": rng.integers(1, 6, n),
})


def haversine(df, lat1, long1, lat2, long2):
    r = 6371
    phi1, phi2 = np.radians(df[lat1]), np.radians(df[lat2])
    dphi, dlam = np.radians(df[lat2] - df[lat1]), np.radians(df[long2] - df[long1])
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlam / 2) ** 2
    return 2 * r * np.arcsin(np.sqrt(a))


df["dist_km"] = haversine(df, "pickup_latitude", "pickup_longitude", "dropoff_latitude", "dropoff_longitude")
df["EDTdate"] = pd.to_datetime(df["pickup_datetime"]) - pd.Timedelta(hours=4)
df["Hour"] = df["EDTdate"].dt.hour
df["AMorPM"] = np.where(df["Hour"] < 12, "am", "pm")
df["Weekday"] = df["EDTdate"].dt.strftime("%a")
df["fare_amount"] = 2.5 + 2.2 * df["dist_km"] + 1.5 * df["Hour"].between(16, 19) + rng.normal(0, 0.5, n)

cat_cols, cont_cols = ["Hour", "AMorPM", "Weekday"], ["pickup_latitude", "pickup_longitude", "dropoff_latitude",
                                                      "dropoff_longitude", "passenger_count", "dist_km"]
for c in cat_cols:
    df[c] = df[c].astype("category")
cats = torch.tensor(np.stack([df[c].cat.codes.values for c in cat_cols], 1), dtype=torch.int64)
conts = torch.tensor(df[cont_cols].values, dtype=torch.float32)
y = torch.tensor(df["fare_amount"].values, dtype=torch.float32).reshape(-1, 1)
emb_szs = [(len(df[c].cat.categories), min(50, (len(df[c].cat.categories) + 1) // 2)) for c in cat_cols]


class TabularModel(nn.Module):
    def __init__(self, emb_szs, n_cont, layers=(64, 32), p=0.1):
        super().__init__()
        self.embeds = nn.ModuleList([nn.Embedding(ni, nf) for ni, nf in emb_szs])
        self.emb_drop = nn.Dropout(p)
        self.bn_cont = nn.BatchNorm1d(n_cont)
        n_in = sum(nf for _, nf in emb_szs) + n_cont
        mods = []
        for h in layers:
            mods += [nn.Linear(n_in, h), nn.ReLU(inplace=True), nn.BatchNorm1d(h)]
            n_in = h
        mods.append(nn.Linear(n_in, 1))
        self.layers = nn.Sequential(*mods)

    def forward(self, x_cat, x_cont):
        x = torch.cat([e(x_cat[:, i]) for i, e in enumerate(self.embeds)], 1)
        x = self.emb_drop(x)
        x_cont = self.bn_cont(x_cont)
        return self.layers(torch.cat([x, x_cont], 1))


model = TabularModel(emb_szs, conts.shape[1])
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for i in range(300):
    loss = torch.sqrt(criterion(model(cats, conts), y))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if i % 100 == 0:
        print(f"epoch {i} RMSE {loss.item():.3f}")

model.eval()
with torch.no_grad():
    pred = model(cats, conts)
r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
