# Rebuilt from: https://discuss.pytorch.org/t/significant-differences-between-keras-tensorflow-and-torch/181932
# Report: A simple Conv2D/ReLU/MaxPool/Dense image classifier moved from tf.keras to PyTorch does not reach the
#   Keras accuracy. Images are loaded by the same code wrapped in a Sequence / Dataset class and are scaled to
#   [0, 1] by multiplying with 1/255 in both versions before the forward pass.
# Not a bug (a look-alike that must stay silent): the uint8 pixels are divided by 255 inside __getitem__, so the
#   CNN sees inputs in [0, 1]; the final layer returns logits and CrossEntropyLoss applies the softmax itself.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(0)


def make_images(n=600, size=24):
    """Three kinds of uint8 pictures: horizontal bar, vertical bar, filled square."""
    imgs = rng.integers(0, 60, size=(n, size, size)).astype(np.uint8)
    labels = rng.integers(0, 3, size=n)
    for img, lab in zip(imgs, labels):
        a, b = rng.integers(3, size - 9, size=2)
        if lab == 0:
            img[a:a + 3, 2:size - 2] = 230
        elif lab == 1:
            img[2:size - 2, b:b + 3] = 230
        else:
            img[a:a + 7, b:b + 7] = 230
    return imgs, labels


class ImageSequence(Dataset):
    def __init__(self, images, labels):
        self.images, self.labels = images, labels

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        x = torch.from_numpy(self.images[idx]).float().unsqueeze(0) * (1.0 / 255)
        return x, int(self.labels[idx])


model = nn.Sequential(
    nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d((2, 2)),
    nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d((2, 2)),
    nn.Flatten(), nn.Linear(16 * 4 * 4, 32), nn.ReLU(), nn.Linear(32, 3),
)
images, labels = make_images()
ds = ImageSequence(images, labels)
loader = DataLoader(ds, batch_size=32, shuffle=True)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
for epoch in range(6):
    for xb, yb in loader:
        opt.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        opt.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    xs = torch.stack([ds[i][0] for i in range(len(ds))])
    acc = (model(xs).argmax(1).numpy() == labels).mean()
print(f"RESULT acc={acc:.3f}")
