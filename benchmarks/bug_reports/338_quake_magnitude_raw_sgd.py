# Rebuilt from: https://stats.stackexchange.com/questions/259286/scale-back-the-data-after-a-neural-network-is-trained-to-approximate-a-function
# Report: The same small network trained fine with plain SGD when its inputs lay in [-1, 1], but when the
#   inputs came from a wider range it was "untrainable": after a few iterations the error, and then all
#   the weights, became NaN. The reporter traced it to gradients that were "too long" and to unnormalized inputs.
# Bug (planted: TL002): the station features (distance in km, depth in km, elevation in m, ...) go into the
#   MLP exactly as read from quakes.csv, with plain SGD; nothing standardizes them.
# Our own code, written after the report (not copied from it); data file quakes.csv comes from make_quakes.py.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

FEATURES = ["station_dist_km", "hypo_depth_km", "log_amp", "dom_period_s", "station_elev_m"]


def load_data(path="quakes.csv"):
    df = pd.read_csv(path)
    df["log_amp"] = np.log10(df["peak_amp_nm"])
    X = df[FEATURES].to_numpy(dtype=np.float32)
    y = df["magnitude"].to_numpy(dtype=np.float32).reshape(-1, 1)
    return X, y


X, y = load_data()
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0)

train_ds = TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr))
loader = DataLoader(train_ds, batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(len(FEATURES), 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))


def train(model, loader, epochs=60, lr=0.01):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    for ep in range(epochs):
        running = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            running += loss.item() * len(xb)
        if ep % 15 == 0:
            print(f"epoch {ep:3d}  mse {running / len(loader.dataset):.4f}")


train(model, loader)

with torch.no_grad():
    Xt, yt = torch.from_numpy(X_tr), torch.from_numpy(y_tr)
    pred = model(Xt)
    r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
