# Rebuilt from: https://github.com/kenshohara/video-classification-3d-cnn-pytorch/issues/54
# Report: A user asked whether frames are divided by 255 anywhere; the preprocessing only subtracts per-channel
#   mean pixel values (std left at 1), so the network sees roughly [-115, 140] inputs, and it still trains.
# Not a bug (a look-alike that must stay silent): raw 0-255 pixels, mean-subtracted, go into a conv net with
#   BatchNorm right after the first convolution; BN rescales the activations, so SGD trains normally.
# Our own code, written after the report (not copied from it); small synthetic RGB images instead of video clips
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.set_num_threads(1)
torch.manual_seed(5)

MEAN = torch.tensor([114.7748, 107.7354, 99.4750]).view(3, 1, 1)   # pixel means on the 0-255 scale

class FrameDataset(Dataset):
    def __init__(self, n=600):
        self.labels = torch.randint(0, 3, (n,))
        imgs = torch.rand(n, 3, 16, 16) * 120 + 60
        for i, c in enumerate(self.labels.tolist()):
            if c == 0:
                imgs[i, :, 4:12, 7:9] += 80        # vertical bar
            elif c == 1:
                imgs[i, :, 7:9, 4:12] += 80        # horizontal bar
            else:
                imgs[i, :, 5:11, 5:11] -= 50       # dark square
        self.imgs = imgs.clamp(0, 255).round()

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        return self.imgs[idx] - MEAN, self.labels[idx]

class SmallConvNet(nn.Module):
    def __init__(self, n_classes=3):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
        )
        self.fc = nn.Linear(32, n_classes)

    def forward(self, x):
        return self.fc(self.features(x).flatten(1))

ds = FrameDataset()
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = SmallConvNet()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

for epoch in range(4):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

model.eval()
correct = 0
with torch.no_grad():
    for x, y in DataLoader(ds, batch_size=200):
        correct += (model(x).argmax(1) == y).sum().item()
print(f"RESULT acc={correct / len(ds):.3f}")
