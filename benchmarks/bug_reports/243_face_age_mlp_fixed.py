# Rebuilt from: https://runebook.dev/zh/docs/pytorch/generated/torch.nn.functional.mse_loss
# Report: Blog post on the most common F.mse_loss pitfall for beginners doing regression: the model returns
#   predictions of shape (batch, 1) while the targets loaded from the labels are (batch,); the two do not
#   match and the loss is wrong. The post's fix is targets.unsqueeze(1) (or squeezing the predictions).
# Fixed twin of 243_face_age_mlp.py: the age batch is unsqueezed to (batch, 1) before F.mse_loss,
#   as the post suggests (targets.unsqueeze(1)).
# Our own code, written after the report (not copied from it); faces are synthetic 24x24 "age" images.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

SIZE = 24


def make_faces(n=800):
    """Grey 'faces': wrinkle-line density and contrast grow with age, plus noise."""
    ages = np.random.uniform(5, 80, size=n).astype(np.float32)
    yy = np.arange(SIZE)[:, None] * np.ones((1, SIZE))
    imgs = []
    for a in ages:
        freq = 0.2 + a / 60.0
        img = 0.5 + 0.25 * (a / 80.0) * np.sin(freq * yy + np.random.uniform(0, 6.28))
        img += np.random.normal(0, 0.08, size=img.shape)
        imgs.append(np.clip(img, 0, 1))
    return np.array(imgs, dtype=np.float32), ages


class FaceAgeDataset(Dataset):
    def __init__(self, imgs, ages):
        self.imgs, self.ages = imgs, ages

    def __len__(self):
        return len(self.ages)

    def __getitem__(self, i):
        return torch.from_numpy(self.imgs[i].reshape(-1)), torch.tensor(self.ages[i] / 100.0)


def train(model, loader, optimizer, epochs=40):
    for epoch in range(epochs):
        for img, age in loader:
            optimizer.zero_grad()
            pred = model(img)
            loss = F.mse_loss(pred, age.unsqueeze(1))
            loss.backward()
            optimizer.step()
        if epoch % 10 == 0:
            print(f"epoch {epoch} loss {loss.item():.5f}")


imgs, ages = make_faces()
loader = DataLoader(FaceAgeDataset(imgs, ages), batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(SIZE * SIZE, 128), nn.ReLU(), nn.Linear(128, 32), nn.ReLU(), nn.Linear(32, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
train(model, loader, optimizer)

with torch.no_grad():
    pred = model(torch.from_numpy(imgs.reshape(len(imgs), -1))).squeeze(1) * 100.0
y = torch.from_numpy(ages)
r2 = 1 - ((pred - y) ** 2).mean().item() / y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
