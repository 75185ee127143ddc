# Rebuilt from: https://stats.stackexchange.com/questions/330800/how-to-normalize-gps-coordinates-for-deep-learning
# Report: A deep-learning model that classifies the kind of stop a vehicle makes from vehicle data plus
#   GPS data (longitude, latitude along the route, standard deviation, duration), first fed "without any
#   feature engineering". Answer: models without batch-norm may diverge on unnormalized inputs; divide
#   the coordinates by 100 and normalize the rest.
# Bug (planted: TL002): StopDataset hands the raw rows (lat ~40.7, lon ~-74, duration in seconds up to
#   3600) to the SGD-trained MLP; the duration column swamps the first layer and training never settles.
# Our own code, written after the report (not copied from it); data: gps_stops.npz, a small made-up table beside this script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(7)
np.random.seed(7)


class StopDataset(Dataset):
    def __init__(self, path):
        data = np.load(path)
        self.X = data["X"].astype(np.float32)   # latitude, longitude, duration_s, speed_std, vehicle_type
        self.y = data["y"].astype(np.int64)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return torch.from_numpy(self.X[i]), torch.tensor(self.y[i])


class StopClassifier(nn.Module):
    def __init__(self, n_in, n_classes):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 32)
        self.fc2 = nn.Linear(32, 32)
        self.out = nn.Linear(32, n_classes)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.out(x)


def train(model, loader, epochs, lr):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        total = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item()
        if epoch % 10 == 0:
            print(f"epoch {epoch} loss {total / len(loader):.4f}")


def accuracy(model, ds):
    with torch.no_grad():
        X = torch.from_numpy(ds.X)
        y = torch.from_numpy(ds.y)
        return (model(X).argmax(1) == y).float().mean().item()


ds = StopDataset("gps_stops.npz")
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = StopClassifier(ds.X.shape[1], 3)
train(model, loader, epochs=40, lr=0.01)
print(f"RESULT acc={accuracy(model, ds):.3f}")
