# Rebuilt from: https://github.com/awslabs/gluonts/issues/2413
# Report: A user reading the DeepAR code noticed that only the target is scaled (mean scaling), while the dynamic
#   real covariates are passed to the RNN as they are, although the DeepAR paper standardizes all covariates;
#   the maintainer answered that covariates must be scaled by the user in data preparation.
# Bug (planted: TL002): the daily covariates (price in cents ~1.5e3-3e3, promo budget in USD ~0-5e4, day number
#   since 1970 ~1.9e4) go raw into the GRU encoder and the horizon head; only the sales target is mean-scaled.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)
CTX, H, N_SERIES, T = 28, 7, 10, 160

def load_data():
    day = np.arange(18900, 18900 + T, dtype=np.float32)            # days since epoch
    series = []
    for s in range(N_SERIES):
        price = 1500 + 1500 * rng.random(T)                          # cents
        promo = np.where(rng.random(T) < 0.3, rng.uniform(1e4, 5e4, T), 0.0)
        level = rng.uniform(50, 400)
        sales = level * (1.0 + 0.6 * (2250 - price) / 750 + 0.8 * promo / 5e4
                         + 0.2 * np.sin(2 * np.pi * day / 7)) + rng.normal(0, 0.05 * level, T)
        covs = np.stack([price, promo, day], axis=1).astype(np.float32)
        series.append((sales.astype(np.float32), covs))
    return series

class WindowDataset(Dataset):
    def __init__(self, series):
        self.items = []
        for sales, covs in series:
            scale = sales[:CTX].mean()                                # DeepAR-style mean scaling of the target
            for t in range(CTX, T - H + 1):
                self.items.append((sales[t - CTX:t] / scale, covs[t - CTX:t], covs[t:t + H], sales[t:t + H] / scale))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        past_y, past_c, fut_c, fut_y = self.items[i]
        past = np.concatenate([past_y[:, None], past_c], axis=1)
        return torch.from_numpy(past), torch.from_numpy(fut_c), torch.from_numpy(fut_y)

class RNNForecaster(nn.Module):
    def __init__(self, n_cov=3, hidden=40):
        super().__init__()
        self.enc = nn.GRU(1 + n_cov, hidden, batch_first=True)
        self.head = nn.Sequential(nn.Linear(hidden + H * n_cov, 64), nn.ReLU(), nn.Linear(64, H))

    def forward(self, past, fut_cov):
        _, h = self.enc(past)
        return self.head(torch.cat([h[-1], fut_cov.flatten(1)], dim=1))   # (B, H)

ds = WindowDataset(load_data())
loader = DataLoader(ds, batch_size=64, shuffle=True)
model = RNNForecaster()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
for epoch in range(10):
    for past, fut_c, fut_y in loader:
        loss = loss_fn(model(past, fut_c), fut_y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 3 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

full = DataLoader(ds, batch_size=len(ds))
past, fut_c, fut_y = next(iter(full))
with torch.no_grad():
    pred = model(past, fut_c)
r2 = 1 - ((pred - fut_y) ** 2).mean() / fut_y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
