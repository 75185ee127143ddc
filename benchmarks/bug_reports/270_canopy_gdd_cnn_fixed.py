# Rebuilt from: https://github.com/ultralytics/ultralytics/issues/9534
# Report: The user turned an image model into a regressor predicting growing degree days (GDD) from
#   crop-field photos; the loss "eventually blows to infinity" within a few epochs. The user later
#   found the image values were too high - they were never scaled from 0..255 - (and the labels too).
# Fixed twin of 270_canopy_gdd_cnn.py: to_chw() now divides the pixel values by 255.
# Our own code, written after the report (not copied from it); data: canopy_imgs.npy / canopy_gdd.npy
#   made by make_canopy.py
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(3)
torch.set_num_threads(1)


def to_chw(img):
    # hand-written replacement for torchvision's ToTensor
    return torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1))).float() / 255.0


class CanopyDataset(Dataset):
    def __init__(self, img_file, gdd_file, transform=None):
        self.imgs = np.load(img_file)
        self.gdd = np.load(gdd_file)
        self.transform = transform

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, idx):
        img = self.imgs[idx]
        if self.transform is not None:
            img = self.transform(img)
        return img, torch.tensor([self.gdd[idx]], dtype=torch.float32)


class GDDNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.fc = nn.Sequential(nn.Flatten(), nn.Linear(16 * 4 * 4, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        return self.fc(self.conv(x))


class Trainer:
    def __init__(self, model, lr=0.01):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        self.loss_fn = nn.MSELoss()

    def fit(self, loader, epochs):
        for epoch in range(epochs):
            total = 0.0
            for x, y in loader:
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(x), y)
                loss.backward()
                self.opt.step()
                total += loss.item() * len(x)
            print(f"epoch {epoch + 1}: train mse {total / len(loader.dataset):.4f}")


ds = CanopyDataset("canopy_imgs.npy", "canopy_gdd.npy", transform=to_chw)
loader = DataLoader(ds, batch_size=16, shuffle=True)
model = GDDNet()
Trainer(model).fit(loader, epochs=15)

model.eval()
with torch.no_grad():
    X = torch.stack([ds[i][0] for i in range(len(ds))])
    y = torch.tensor(ds.gdd)
    pred = model(X).view(-1)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
