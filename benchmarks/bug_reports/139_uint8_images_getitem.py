# Rebuilt from: https://github.com/www0wwwjs1/Matrix-Capsules-EM-Tensorflow/issues/51
# Report: "why use batch_squash = tf.divide(batch_x, 255.) rather than just batch_x?" The user replaced
#   the scaled batch with the raw batch and "the reconstruct loss going to very large"; asks why the
#   network cannot be trained with the original (0-255) MNIST data.
# Bug (planted: TL002): ShapesDataset.__getitem__ converts the uint8 images loaded with np.load to float
#   tensors without dividing by 255, so the encoder input and the reconstruction target are 0-255.
# Our own code, written after the report (not copied from it); data: shapes.npz from make_shapes.py
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
np.random.seed(0)


class ShapesDataset(Dataset):
    def __init__(self, path):
        data = np.load(path)
        self.images = data["images"]  # uint8, (N, 28, 28)
        self.labels = data["labels"]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        img = torch.from_numpy(self.images[idx]).float().unsqueeze(0)
        return img, int(self.labels[idx])


class ClassifierWithDecoder(nn.Module):
    def __init__(self, n_classes=4):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5, stride=2)
        self.conv2 = nn.Conv2d(16, 32, 3, stride=2)
        self.fc = nn.Linear(32 * 5 * 5, n_classes)
        self.pose = nn.Linear(32 * 5 * 5, 16)
        self.decoder = nn.Sequential(nn.Linear(16 + n_classes, 256), nn.ReLU(), nn.Linear(256, 784), nn.Sigmoid())

    def forward(self, x):
        h = F.relu(self.conv2(F.relu(self.conv1(x))))
        logits = self.fc(h.flatten(1))
        code = torch.cat([self.pose(h.flatten(1)), F.softmax(logits, dim=1)], dim=1)
        recon = self.decoder(code).view(-1, 1, 28, 28)
        return logits, recon


ds = ShapesDataset("shapes.npz")
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = ClassifierWithDecoder()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(10):
    for imgs, labels in loader:
        logits, recon = model(imgs)
        class_loss = F.cross_entropy(logits, labels)
        recon_loss = ((recon - imgs) ** 2).sum(dim=(1, 2, 3)).mean()
        loss = class_loss + 0.0005 * recon_loss
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"epoch {epoch} class {class_loss.item():.3f} recon {recon_loss.item():.1f}")

model.eval()
correct, sse, targets = 0, 0.0, []
with torch.no_grad():
    for imgs, labels in DataLoader(ds, batch_size=200):
        logits, recon = model(imgs)
        correct += (logits.argmax(1) == labels).sum().item()
        sse += ((recon - imgs) ** 2).sum().item()
        targets.append(imgs)
    targets = torch.cat(targets)
print(f"class acc {correct / len(ds):.3f}")
r2 = 1 - (sse / targets.numel()) / torch.var(targets, unbiased=False).item()
print(f"RESULT r2={r2:.3f}")  # reconstruction r2 on the training images
