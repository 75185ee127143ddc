# Rebuilt from: https://github.com/weka511/hpa-scc/issues/38
# Report: training a small CNN on Human Protein Atlas cell slices prints "UserWarning: Using a target size
#   (torch.Size([8, 18])) that is different to the input size (torch.Size([1, 18]))" from MSELoss, the loss
#   barely moves, and the last (short) batch crashes with "shape '[-1, 115200]' is invalid for input of
#   size 72000" at x = x.view(-1, 8* 16* 1* 30* 30) -- the batch size 8 was folded into fc1's in_features.
# Bug (planted: TL001): forward() flattens the whole batch into one row (view(-1, 8*16*4*4)), so the net
#   returns [1, K] for a batch of 8 and MSELoss silently broadcasts it against the [8, K] labels.
# Our own code, written after the report (not copied from it); synthetic 4-channel cell images, target =
#   fraction of the protein signal found in each of 4 compartments.
import numpy as np
import torch
from torch.nn import Module, Conv2d, MaxPool2d, Linear, MSELoss
from torch.nn.functional import relu, softmax
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(5)
np.random.seed(5)
K = 4


class CellDataset(Dataset):
    def __init__(self, n=400, size=24):
        yy, xx = np.mgrid[0:size, 0:size]
        self.Images, self.Targets = [], []
        for _ in range(n):
            cy, cx = np.random.randint(9, 15, 2)
            r = np.sqrt((yy - cy) ** 2 + (xx - cx) ** 2)
            nucleus = (r < 4).astype(np.float32)
            er = ((r >= 4) & (r < 7)).astype(np.float32)
            tubules = (((xx + yy + np.random.randint(0, 4)) % 5 == 0) & (r >= 7)).astype(np.float32)
            cytosol = ((r >= 7) & (tubules == 0)).astype(np.float32)
            frac = np.random.dirichlet(np.ones(K)).astype(np.float32)
            regions = [nucleus, er, tubules, cytosol]
            protein = sum(f * m / m.sum() for f, m in zip(frac, regions)) * 100
            img = np.stack([nucleus, er, tubules, protein]) + 0.05 * np.random.randn(4, size, size)
            self.Images.append(img.astype(np.float32))
            self.Targets.append(frac)

    def __len__(self):
        return len(self.Images)

    def __getitem__(self, idx):
        return torch.from_numpy(self.Images[idx]), torch.from_numpy(self.Targets[idx])


class Net(Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = Conv2d(in_channels=4, out_channels=6, kernel_size=5, stride=1, padding=1)
        self.pool = MaxPool2d(2)
        self.conv2 = Conv2d(in_channels=6, out_channels=16, kernel_size=5, stride=1, padding=1)
        self.fc1 = Linear(in_features=8 * 16 * 4 * 4, out_features=120)
        self.fc2 = Linear(in_features=120, out_features=84)
        self.fc3 = Linear(in_features=84, out_features=K)

    def forward(self, x):
        x = self.pool(relu(self.conv1(x.float())))
        x = self.pool(relu(self.conv2(x)))
        x = x.view(-1, 8 * 16 * 4 * 4)
        x = relu(self.fc1(x))
        x = relu(self.fc2(x))
        x = self.fc3(x)
        return softmax(x, dim=1)


def train_epoch(epoch, model, loader, criterion, optimizer):
    losses = []
    for j, data in enumerate(loader, 0):
        optimizer.zero_grad()
        inputs, labels = data
        outputs = model(inputs)
        loss = criterion(outputs, labels)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    print(f"{epoch}, {np.mean(losses):.5f}")


dataset = CellDataset()
loader = DataLoader(dataset, batch_size=8, shuffle=True)
model = Net()
criterion = MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(12):
    train_epoch(epoch, model, loader, criterion, optimizer)

preds, targets = [], []
with torch.no_grad():
    for inputs, labels in DataLoader(dataset, batch_size=8):
        outputs = model(inputs)
        preds.append(outputs.expand_as(labels))   # one row per cell
        targets.append(labels)
p, t = torch.cat(preds).numpy(), torch.cat(targets).numpy()
r2 = 1 - np.mean((p - t) ** 2) / np.mean((t - t.mean(0)) ** 2)
print(f"RESULT r2={r2:.3f}")
