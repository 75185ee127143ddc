# Rebuilt from: https://discuss.pytorch.org/t/my-simplest-neural-network-object-detector-not-working-well/186512
# Report: A tiny conv net (two ConvLayer blocks + two Linear, output l2(x)*32+16) regresses the (x, y, w, h) box
#   of the single person in 32x32 images with nn.L1Loss. The loss stops decreasing after 1-3 epochs and the
#   predicted boxes are almost the same for every image.
# Fixed twin of 171_bbox_person_detector.py: __getitem__ returns the single box, self.boxes[i][0] (shape (4,)), so targets are (B, 4) like the predictions
# Our own code, written after the report (not copied from it); synthetic 32x32 RGB uint8 images in the script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


def make_person_images(n=400):
    imgs = np.random.randint(0, 90, size=(n, 32, 32, 3)).astype(np.uint8)
    boxes = []
    for i in range(n):
        w, h = np.random.randint(6, 14), np.random.randint(10, 24)
        x, y = np.random.randint(0, 32 - w), np.random.randint(0, 32 - h)
        imgs[i, y:y + h, x:x + w] = np.array([200, 160, 120]) + np.random.randint(-20, 20, size=3)
        boxes.append(np.array([[x + w / 2, y + h / 2, w, h]], dtype=np.float32))   # one person per image
    return imgs, boxes


class PersonBoxDataset(Dataset):
    def __init__(self, imgs, boxes):
        self.imgs, self.boxes = imgs, boxes

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, i):
        img = torch.from_numpy(self.imgs[i]).permute(2, 0, 1).float() / 255.0
        return img, torch.from_numpy(self.boxes[i][0])


class ConvLayer(nn.Module):
    def __init__(self, in_channel, out_channel):
        super().__init__()
        self.conv = nn.Conv2d(in_channel, out_channel, kernel_size=3, stride=1, padding=1)
        self.act = nn.ReLU()
        self.pool = nn.MaxPool2d(2, 2)

    def forward(self, x):
        return self.pool(self.act(self.conv(x)))


class SimpleObjectDetector(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = ConvLayer(3, 8)
        self.conv2 = ConvLayer(8, 16)
        self.l1 = nn.Linear(8 * 8 * 16, 64)
        self.l2 = nn.Linear(64, 4)
        self.act = nn.ReLU()

    def forward(self, x):
        x = self.conv2(self.conv1(x))
        x = x.view(x.size(0), -1)
        x = self.act(self.l1(x))
        return self.l2(x) * 32 + 16          # (x, y, w, h) in pixels


imgs, boxes = make_person_images()
loader = DataLoader(PersonBoxDataset(imgs, boxes), batch_size=32, shuffle=True)
model = SimpleObjectDetector()
criterion = nn.L1Loss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(25):
    total = 0.0
    for img, box in loader:
        out = model(img)
        loss = criterion(out, box)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 5 == 0:
        print(f"epoch {epoch} L1 {total / len(loader):.3f}")

with torch.no_grad():
    X = torch.from_numpy(imgs).permute(0, 3, 1, 2).contiguous().float() / 255.0
    Y = torch.from_numpy(np.concatenate(boxes, axis=0))          # (N, 4)
    P = model(X)
    r2 = 1 - ((P - Y) ** 2).mean() / ((Y - Y.mean(0)) ** 2).mean()
print(f"RESULT r2={r2.item():.3f}")
