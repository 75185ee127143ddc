# Rebuilt from: https://github.com/analogdevicesinc/ai8x-training/pull/188
# Report: Training a small conv net for a regression task with the repo's train.py; the loss was not
#   computed correctly when the dataset delivers a 2-D label. The PR "Fix train.py for 2d label in
#   regression" corrects the target so the loss compares it element by element with the output.
# Fixed twin of 184_blob_count_cnn.py: flatten the [B,1] target to [B] in train() before the loss
# Our own code, written after the report (not copied from it); images are built with numpy in the script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(1)
np.random.seed(1)
torch.set_num_threads(1)

IMG = 20


def draw_blobs(n_blobs, rng):
    img = np.zeros((IMG, IMG), dtype=np.float32)
    for _ in range(n_blobs):
        r, c = rng.integers(1, IMG - 2, size=2)
        img[r:r + 2, c:c + 2] = 1.0
    return img + rng.normal(0, 0.05, img.shape).astype(np.float32)


class BlobDataset(Dataset):
    def __init__(self, n=1200, seed=0):
        rng = np.random.default_rng(seed)
        self.counts = rng.integers(0, 10, size=n)
        self.images = np.stack([draw_blobs(k, rng) for k in self.counts])

    def __len__(self):
        return len(self.counts)

    def __getitem__(self, idx):
        x = torch.from_numpy(self.images[idx]).unsqueeze(0)
        y = np.array([self.counts[idx]], dtype=np.float32)
        return x, y


class CountNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        return self.head(self.features(x).flatten(1)).view(-1)


def train(model, loader, criterion, optimizer, epochs):
    for epoch in range(epochs):
        running = 0.0
        for inputs, target in loader:
            output = model(inputs)
            loss = criterion(output, target.view(-1))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running += loss.item()
        print(f"epoch {epoch} loss {running / len(loader):.3f}")


ds = BlobDataset()
model = CountNet()
train(model, DataLoader(ds, batch_size=64, shuffle=True), nn.MSELoss(),
      torch.optim.Adam(model.parameters(), lr=3e-3), epochs=8)

with torch.no_grad():
    pred = model(torch.from_numpy(ds.images).unsqueeze(1))
    y = torch.tensor(ds.counts, dtype=torch.float32)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
