# Rebuilt from: https://github.com/pytorch/pytorch/issues/14186
# Report: "Why pytorch does not accept input image as uint8 type": conv2d refused the ByteTensor, so the
#   reporter cast the MRI slices with img.float() (144 stays 144.0) and fed them to the CNN. Answer:
#   for standard 8-bit images you need to divide by 255 after casting into float.
# Fixed twin of 65_uint8_mri_slices_cnn.py: x = imgs.float() / 255
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)


def make_slices(n, size=28):
    """Fake 8-bit MRI slices: a bright head ellipse, noise, and a lesion left / right / none."""
    yy, xx = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
    head = (((yy - 13.5) / 12) ** 2 + ((xx - 13.5) / 10) ** 2) < 1
    labels = torch.randint(0, 3, (n,))
    imgs = torch.randint(0, 40, (n, 1, size, size), dtype=torch.uint8)
    imgs[:, 0][:, head] += 100
    for i in range(n):
        if labels[i] > 0:
            cy = int(torch.randint(8, 20, (1,)))
            cx = int(torch.randint(6, 11, (1,))) + (0 if labels[i] == 1 else 11)
            imgs[i, 0, cy - 2:cy + 3, cx - 2:cx + 3] += 90
    return imgs, labels


class SliceNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 7 * 7, 3)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(x.flatten(1))


imgs, labels = make_slices(480)
x = imgs.float() / 255
loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)

model = SliceNet()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

for epoch in range(7):
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch} loss {total / len(loader):.4f}")

with torch.no_grad():
    acc = (model(x).argmax(1) == labels).float().mean().item()
print(f"RESULT acc={acc:.3f}")
