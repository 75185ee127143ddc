# Rebuilt from: https://jamesmccaffrey.wordpress.com/2021/02/25/neural-regression-using-pytorch-defining-a-network/
# Report: Neural regression demo predicting house price from area in square feet, air conditioning (yes/no),
#   style and local school; 8-(10-10)-1 network, MSE loss, Adam, batches of 10, 500 epochs; error slowly
#   decreases and accuracy is judged by whether the predicted price is within 10% of the true one.
# Not a bug (a look-alike that must stay silent): the columns look raw but the loader already divides area by
#   10,000 and price by 1,000,000 and encodes AC as -1/+1 and style/school one-hot, so every input is O(1).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(4)
rng = np.random.default_rng(4)


class HouseDataset(Dataset):
    # raw rows: area_sqft, ac (0/1), style (0..2), school (0..2) -> price in USD
    def __init__(self, n=200):
        area = rng.uniform(900, 3200, n)
        ac = rng.integers(0, 2, n)
        style = rng.integers(0, 3, n)
        school = rng.integers(0, 3, n)
        price = 60_000 + 95 * area + 18_000 * ac + np.array([0, 25_000, 40_000])[style] \
            + np.array([30_000, 0, 15_000])[school] + rng.normal(0, 12_000, n)
        x = np.column_stack([area / 10_000, np.where(ac == 1, 1.0, -1.0),
                             np.eye(3)[style], np.eye(3)[school]])
        self.x = torch.tensor(x, dtype=torch.float32)
        self.y = torch.tensor(price / 1_000_000, dtype=torch.float32).reshape(-1, 1)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.hid1 = nn.Linear(8, 10)
        self.hid2 = nn.Linear(10, 10)
        self.oupt = nn.Linear(10, 1)

    def forward(self, x):
        z = torch.tanh(self.hid1(x))
        z = torch.tanh(self.hid2(z))
        return self.oupt(z)


train_ds = HouseDataset()
loader = DataLoader(train_ds, batch_size=10, shuffle=True)
net = Net()
opt = torch.optim.Adam(net.parameters(), lr=0.005)
loss_func = nn.MSELoss()
for epoch in range(150):
    epoch_loss = 0.0
    for X, Y in loader:
        opt.zero_grad()
        loss_val = loss_func(net(X), Y)
        epoch_loss += loss_val.item()
        loss_val.backward()
        opt.step()
    if epoch % 50 == 0:
        print(f'epoch = {epoch:4d}   loss = {epoch_loss:0.4f}')

with torch.no_grad():
    pred = net(train_ds.x)
    y = train_ds.y
    acc10 = ((pred - y).abs() < 0.10 * y).float().mean().item()
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f'within-10% accuracy {acc10:.3f}')
print(f'RESULT r2={r2.item():.3f}')
