# Rebuilt from: https://duoke360.com/post/34781
# Report: Blog post on the PyTorch "target size (torch.Size([1000])) must match input size (torch.Size([1000, 1]))"
#   family of messages: model output is (batch, 1) while the label tensor is (batch,); it notes that for a regression
#   with MSELoss the dims are inconsistent, and the fix is targets.unsqueeze(1) (or view(-1, 1)) before the loss.
# Bug (planted: TL001): per-game points targets come out of the TensorDataset as (B,), the net outputs (B,1);
#   nn.MSELoss broadcasts them to (B,B) (UserWarning only) and the net learns little more than the mean.
# Our own code, written after the report (not copied from it); synthetic player box-score data made in make_player_stats()
import numpy as np
import torch, torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split

torch.manual_seed(3); np.random.seed(3)

def make_player_stats(n=1000):
    minutes = np.random.uniform(8, 38, n)
    fga = minutes * np.random.uniform(0.25, 0.6, n)
    fg_pct = np.random.normal(0.46, 0.05, n)
    three_pa = fga * np.random.uniform(0.1, 0.5, n)
    fta = fga * np.random.uniform(0.1, 0.4, n)
    usage = np.random.normal(20, 5, n)
    pts = 2 * fga * fg_pct + 0.35 * three_pa * 0.36 + 0.77 * fta + 0.1 * (usage - 20) + np.random.normal(0, 1.2, n)
    X = np.column_stack([minutes, fga, fg_pct, three_pa, fta, usage])
    return X.astype(np.float32), pts.astype(np.float32)

X, y = make_player_stats()
X = (X - X.mean(0)) / X.std(0)
y_mean, y_std = y.mean(), y.std()
y_s = (y - y_mean) / y_std
X_tr, X_te, y_tr, y_te = train_test_split(X, y_s, test_size=0.2, random_state=0)

train_ds = TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr))   # targets shape (N,)
loader = DataLoader(train_ds, batch_size=64, shuffle=True)

model = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

def train(model, loader, epochs=40):
    for epoch in range(epochs):
        for inputs, targets in loader:
            optimizer.zero_grad()
            predictions = model(inputs)                  # (B, 1)
            loss = criterion(predictions, targets)
            loss.backward()
            optimizer.step()
        if epoch % 10 == 0:
            print(f"epoch {epoch:2d} loss {loss.item():.4f}")

train(model, loader)
with torch.no_grad():
    pred = model(torch.from_numpy(X_tr)).view(-1)
yt = torch.from_numpy(y_tr)
r2 = 1 - torch.mean((pred - yt) ** 2) / torch.var(yt, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
