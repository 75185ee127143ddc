# Rebuilt from: https://github.com/deepfx/netlens/pull/6
# Report: PR "Classifiers for gender and race. Regression for Age" trains one face model with several heads;
#   the author notes good accuracy for the classifiers, but that the loss_fn for the age regression is buggy.
# Bug (planted: TL001): the age head returns (B, 1) while the age column from the dataset batch is (B,);
#   F.mse_loss(age_pred, age) broadcasts to (B, B) and the age head learns only the mean age.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)


def make_faces(n=512, size=12):
    rng = np.random.default_rng(1)
    age = rng.uniform(5, 80, n)
    gender = rng.integers(0, 2, n)
    race = rng.integers(0, 3, n)
    yy, xx = np.mgrid[0:size, 0:size] / size
    imgs = np.empty((n, 1, size, size), dtype=np.float32)
    for i in range(n):
        wrinkles = (age[i] / 80.0) * np.sin(20 * yy + 3 * xx)
        tone = 0.3 * race[i] + 0.4 * gender[i] * (xx > 0.5)
        imgs[i, 0] = tone + wrinkles + rng.normal(0, 0.05, (size, size))
    return imgs, age.astype(np.float32), gender, race


class FaceSet(Dataset):
    def __init__(self, imgs, age, gender, race):
        self.imgs, self.age, self.gender, self.race = imgs, age, gender, race

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, i):
        return torch.from_numpy(self.imgs[i]), {"age": torch.tensor(self.age[i] / 80.0),
                                                  "gender": torch.tensor(self.gender[i]),
                                                  "race": torch.tensor(self.race[i])}


class MultiHeadNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                  nn.Flatten(), nn.Linear(8 * 6 * 6, 64), nn.ReLU())
        self.gender_head = nn.Linear(64, 2)
        self.race_head = nn.Linear(64, 3)
        self.age_head = nn.Linear(64, 1)

    def forward(self, x):
        h = self.body(x)
        return self.gender_head(h), self.race_head(h), self.age_head(h)


def loss_fn(outputs, targets):
    g, r, a = outputs
    return (F.cross_entropy(g, targets["gender"]) + F.cross_entropy(r, targets["race"])
            + F.mse_loss(a, targets["age"]))


imgs, age, gender, race = make_faces()
loader = DataLoader(FaceSet(imgs, age, gender, race), batch_size=32, shuffle=True)
model = MultiHeadNet()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
for epoch in range(15):
    total = 0.0
    for xb, tb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), tb)
        loss.backward()
        opt.step()
        total += loss.item()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {total / len(loader):.4f}")

with torch.no_grad():
    g, r, a = model(torch.from_numpy(imgs))
    acc_g = (g.argmax(1).numpy() == gender).mean()
    y = torch.from_numpy(age / 80.0)
    p = a[:, 0]
    r2 = 1 - ((p - y) ** 2).mean() / ((y - y.mean()) ** 2).mean()
print(f"gender acc {acc_g:.3f}")
print(f"RESULT r2={r2.item():.3f}")
