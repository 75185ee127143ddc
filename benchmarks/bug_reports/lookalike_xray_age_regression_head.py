# Rebuilt from: https://github.com/yu4u/age-gender-estimation/issues/93
# Report: A user turned the 101-way softmax age classifier into regression with a single linear
#   output unit and MSE loss, asking if that is right; the author said it works as long as the data
#   generator yields numeric age targets instead of one-hot vectors, and the user confirmed it works.
# Not a bug (a look-alike that must stay silent): the head is Linear(..., 1) giving (B, 1) and the
#   generator yields ages as (B, 1) float targets; images are scaled to [0, 1] before the CNN.
# Our own code, written after the report (not copied from it); small synthetic hand X-rays -> bone age
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)
S = 20


def make_xray(age):
    """Bright 'growth plate' bar whose length grows with age, on a noisy 8-bit background."""
    img = np.random.randint(0, 60, size=(S, S)).astype(np.float32)
    length = int(3 + age * 0.8)
    img[9:11, 2:2 + length] += 180
    return np.clip(img, 0, 255).astype(np.uint8)


class BoneAgeSet(Dataset):
    def __init__(self, n=200):
        self.ages = np.random.uniform(1, 18, size=n).astype(np.float32)
        self.imgs = [make_xray(a) for a in self.ages]

    def __len__(self):
        return len(self.ages)

    def __getitem__(self, i):
        x = torch.from_numpy(self.imgs[i]).float().div(255.0).unsqueeze(0)   # (1, S, S) in [0, 1]
        y = torch.tensor([self.ages[i]])                                    # (1,) -> batch (B, 1)
        return x, y


model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 5 * 5, 32), nn.ReLU(),
    nn.Linear(32, 1),                     # linear regression unit instead of 101-way softmax
)
ds = BoneAgeSet()
loader = DataLoader(ds, batch_size=32, shuffle=True)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.MSELoss()
for epoch in range(15):
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} mse {loss.item():.3f}")

with torch.no_grad():
    X = torch.stack([ds[i][0] for i in range(len(ds))])
    Y = torch.stack([ds[i][1] for i in range(len(ds))])
    P = model(X)
    r2 = 1 - ((P - Y) ** 2).mean() / Y.var()
print(f"RESULT r2={r2.item():.3f}")
