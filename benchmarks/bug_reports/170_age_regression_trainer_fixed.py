# Rebuilt from: https://duoke360.com/post/34071
# Report: Regression with nn.MSELoss and a DataLoader of batch 16: PyTorch complains that the target size
#   torch.Size([16]) differs from the input size torch.Size([16, 1]); the model output is (batch_size, 1)
#   while the labels come out of the DataLoader as (batch_size,).
# Fixed twin of 170_age_regression_trainer.py: Trainer.fit() squeezes the model output, pred = self.model(x).squeeze(1), so pred and y are both (16,)
# Our own code, written after the report (not copied from it); synthetic 32x32 uint8 "face" images
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(1)
torch.set_num_threads(1)
rng = np.random.default_rng(1)


def load_faces(n=320):
    ages = rng.uniform(5, 80, size=n).astype(np.float32)
    imgs = np.empty((n, 32, 32), dtype=np.uint8)
    for i, a in enumerate(ages):
        face = np.full((32, 32), 170.0) + rng.normal(0, 10, (32, 32))
        n_wrinkles = int(a // 10)                    # older faces: more dark lines
        for r in rng.choice(np.arange(6, 26), size=n_wrinkles, replace=False):
            face[r, 6:26] -= 60
        face -= a * 0.8                              # and a bit darker overall
        imgs[i] = np.clip(face, 0, 255).astype(np.uint8)
    return imgs, ages


class FaceAgeDataset(Dataset):
    def __init__(self, imgs, ages):
        self.imgs = imgs
        self.mean, self.std = ages.mean(), ages.std()
        self.ages = (ages - self.mean) / self.std

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, i):
        x = torch.tensor(self.imgs[i], dtype=torch.float32).unsqueeze(0) / 255.0
        y = torch.tensor(self.ages[i], dtype=torch.float32)
        return x, y


class AgeCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(16 * 8 * 8, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        return self.head(self.features(x))


class Trainer:
    def __init__(self, model, lr=2e-3):
        self.model = model
        self.criterion = nn.MSELoss()
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)

    def fit(self, loader, epochs=15):
        for epoch in range(epochs):
            running = 0.0
            for x, y in loader:
                pred = self.model(x).squeeze(1)
                loss = self.criterion(pred, y)
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
                running += loss.item() * len(x)
            if epoch % 5 == 4:
                print(f"epoch {epoch + 1}: mse {running / len(loader.dataset):.4f}")

    def predict(self, x):
        with torch.no_grad():
            return self.model(x).reshape(-1)


imgs, ages = load_faces()
ds = FaceAgeDataset(imgs, ages)
loader = DataLoader(ds, batch_size=16, shuffle=True)
trainer = Trainer(AgeCNN())
trainer.fit(loader)

X = torch.tensor(imgs, dtype=torch.float32).unsqueeze(1) / 255.0
y = torch.tensor(ds.ages)
p = trainer.predict(X)
r2 = 1 - ((p - y) ** 2).mean() / y.var()
print(f"RESULT r2={r2.item():.3f}")
