# Rebuilt from: https://github.com/chainer/chainercv/issues/358
# Report: "pixel value preprocess not divide by 255.0, so it may explode during further conv layer":
#   the Faster R-CNN preprocessing only subtracts the mean pixel value. Maintainer: many other
#   implementations use this standard; report it if it actually causes a problem (none was shown).
# Not a bug (a look-alike that must stay silent): the uint8 images are never divided by 255, but the
#   dataset mean pixel is subtracted (Caffe/VGG-style), inputs are centred with a spread of a few tens,
#   and SGD with a Caffe-sized lr trains the CNN normally.
# Our own code, written after the report (not copied from it); data: shapes.npz from make_shapes.py
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
np.random.seed(0)

data = np.load("shapes.npz")
images, labels = data["images"], data["labels"]
MEAN_PIXEL = float(images.mean())  # ~45 for this set


def prepare(batch_u8):
    x = batch_u8.astype(np.float32) - MEAN_PIXEL  # no /255, as in the reported preprocessing
    return torch.from_numpy(x).unsqueeze(1)


class SmallVGG(nn.Module):
    def __init__(self, n_classes=4):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * 7 * 7, n_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(x.flatten(1))


model = SmallVGG()
opt = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9, weight_decay=5e-4)
batch_size = 32
for epoch in range(8):
    perm = np.random.permutation(len(images))
    for i in range(0, len(images), batch_size):
        idx = perm[i:i + batch_size]
        loss = F.cross_entropy(model(prepare(images[idx])), torch.from_numpy(labels[idx]))
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (model(prepare(images)).argmax(1).numpy() == labels).mean()
print(f"RESULT acc={acc:.3f}")
