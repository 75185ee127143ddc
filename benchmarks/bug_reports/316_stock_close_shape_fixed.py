# Rebuilt from: https://e-com-net.com/article/1666844567346962432.htm
# Report: While building a deep-learning stock price predictor, training printed "Using a target size
#   (torch.Size([20])) that is different to the input size (torch.Size([20, 1]))" from F.mse_loss; the author
#   had to learn view/reshape/squeeze to understand the dimension mismatch between prediction and label.
# Fixed twin of 316_stock_close_shape.py: the label batch is reshaped to (20, 1) with yb.view(-1, 1) before the loss
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

# synthetic daily quotes for one ticker
dates = pd.bdate_range("2019-01-01", periods=700)
close = 50 + np.cumsum(np.random.normal(0, 1.0, len(dates)))
df = pd.DataFrame({"date": dates, "close": close})
df["volume"] = np.random.randint(1_000_000, 5_000_000, len(df))
df["weekday"] = df["date"].dt.weekday


def make_windows(series, window=10):
    xs, ys = [], []
    for i in range(len(series) - window):
        xs.append(series[i:i + window])
        ys.append(series[i + window])
    return np.array(xs, dtype=np.float32), np.array(ys, dtype=np.float32)


# min-max scale the close column (the report's project did this too)
c = df["close"].values
c_scaled = (c - c.min()) / (c.max() - c.min())
X, y = make_windows(c_scaled, window=10)
X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)      # y_t: (N,)
loader = DataLoader(TensorDataset(X_t, y_t), batch_size=20, shuffle=True)

model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(25):
    for xb, yb in loader:
        out = model(xb)                  # (20, 1)
        loss = criterion(out, yb.view(-1, 1))   # shapes now match: (20, 1)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.5f}")

with torch.no_grad():
    pred = model(X_t).squeeze(1)
r2 = 1 - ((pred - y_t) ** 2).mean() / y_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
