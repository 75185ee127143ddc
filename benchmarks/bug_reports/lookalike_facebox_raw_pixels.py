# Rebuilt from: https://github.com/XiaXuehai/faceboxes/issues/8
# Report: A user noticed that predict.py fed 0..255 images to the face-box network while training
#   was believed to use [0, 1] images. The author rescaled the images to [0, 1], retrained, and got
#   the same output as before.
# Not a bug (a look-alike that must stay silent): the input is raw 0..255 pixels, but it goes into a CNN
#   whose first conv is followed by BatchNorm and which is trained with Adam, so the raw scale is
#   absorbed; the box targets are already in [0, 1] and match the (B, 4) output shape.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(5)
np.random.seed(5)
torch.set_num_threads(1)
S = 24


def make_faces(n=400):
    imgs = np.random.randint(0, 60, (n, 3, S, S)).astype(np.float32)   # dark background, 0..255 scale
    boxes = np.zeros((n, 4), dtype=np.float32)
    for i in range(n):
        w, h = np.random.randint(6, 14), np.random.randint(6, 14)
        x0, y0 = np.random.randint(0, S - w), np.random.randint(0, S - h)
        imgs[i, 0, y0:y0 + h, x0:x0 + w] = 220.0
        imgs[i, 1, y0:y0 + h, x0:x0 + w] = 180.0
        imgs[i, 2, y0:y0 + h, x0:x0 + w] = 150.0
        boxes[i] = [(x0 + w / 2) / S, (y0 + h / 2) / S, w / S, h / S]   # cx, cy, w, h in [0, 1]
    return torch.tensor(imgs), torch.tensor(boxes)


class TinyFaceBoxes(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
        )
        self.loc = nn.Linear(32 * 6 * 6, 4)

    def forward(self, x):
        return self.loc(self.body(x).flatten(1))


X, boxes = make_faces()
loader = DataLoader(TensorDataset(X, boxes), batch_size=32, shuffle=True)
net = TinyFaceBoxes()
optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
criterion = nn.SmoothL1Loss()
for epoch in range(15):
    for img, target in loader:
        optimizer.zero_grad()
        loss = criterion(net(img), target)
        loss.backward()
        optimizer.step()
    if epoch % 5 == 4:
        print(f"epoch {epoch + 1} loc loss {loss.item():.5f}")

net.eval()
with torch.no_grad():
    pred = net(X)
    r2 = 1 - ((pred - boxes) ** 2).mean() / boxes.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
