# Rebuilt from: https://discuss.pytorch.org/t/using-lstm-to-do-time-series-data-prediction-get-wrong-output/80461
# Report: Someone predicts a month of electricity use from last year's temperatures and gets the same daily
#   pattern every day; the replies do not blame the inputs' scale but the missing information: feed calendar
#   features such as month, day of week and hour of day (one-hot is simplest) next to the temperature.
# Not a bug (a look-alike that must stay silent): temperature goes in raw, in degrees C (about -5..35), beside
#   0/1 one-hot calendar columns; that is within an order of magnitude of unit scale and Adam fits it fine.
# Our own code, written after the report (not copied from it); hourly data is synthetic (load_data())
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(5)
torch.set_num_threads(1)
np.random.seed(5)


def load_data(n_hours=24 * 60):
    idx = pd.date_range("2021-06-01", periods=n_hours, freq="h")
    hour = idx.hour.values
    temp_c = 21 + 8 * np.sin(2 * np.pi * (hour - 9) / 24) + np.cumsum(np.random.normal(0, 0.3, n_hours)) * 0.3
    cooling = 9 * np.clip(temp_c - 22, 0, None)
    profile = 40 + 35 * np.clip(np.sin(np.pi * (hour - 6) / 16), 0, None)
    weekend = np.where(idx.day_of_week.values >= 5, 0.8, 1.0)
    kwh = (profile + cooling) * weekend + np.random.normal(0, 3, n_hours)
    df = pd.DataFrame({"temp_c": temp_c, "kwh": kwh, "hour": hour, "dow": idx.day_of_week.values}, index=idx)
    df = pd.get_dummies(df, columns=["hour", "dow"], dtype=float)
    return df


class ConsumptionDataset(Dataset):
    def __init__(self, df):
        self.features = df.drop(columns="kwh").values.astype(np.float32)
        self.target = ((df["kwh"] - df["kwh"].mean()) / df["kwh"].std()).values.astype(np.float32)

    def __len__(self):
        return len(self.target)

    def __getitem__(self, i):
        return torch.from_numpy(self.features[i]), torch.tensor([self.target[i]])


df = load_data()
ds = ConsumptionDataset(df)
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(ds.features.shape[1], 64), nn.ReLU(), nn.Linear(64, 1))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
crit = nn.MSELoss()

for epoch in range(25):
    for xb, yb in loader:
        opt.zero_grad()
        loss = crit(model(xb), yb)
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    X_all, y_all = torch.from_numpy(ds.features), torch.from_numpy(ds.target).unsqueeze(1)
    r2 = 1 - crit(model(X_all), y_all) / y_all.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
