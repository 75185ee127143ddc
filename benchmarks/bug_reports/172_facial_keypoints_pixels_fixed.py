# Rebuilt from: https://github.com/udacity/P1_Facial_Keypoints/pull/45
# Report: PR "Removed normalization of key points": the author argues that normalizing the image only changes
#   pixel intensities, so key points should keep their pixel values, and deletes the (key_pts - mean) / std line
#   from the Normalize transform. The network is then trained to regress raw pixel coordinates.
# Fixed twin of 172_facial_keypoints_pixels.py: Normalize keeps the removed line, key_pts = (key_pts - 48) / 24, and the evaluation maps predictions back to pixels
# Our own code, written after the report (not copied from it); synthetic 96x96 uint8 face images in the script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)
SIZE = 96
# eyes, nose tip, mouth corners relative to face centre, in units of face radius
TEMPLATE = np.array([[-0.4, -0.3], [0.4, -0.3], [0.0, 0.1], [-0.3, 0.45], [0.3, 0.45]])

def generate_faces(n=240):
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    images = np.zeros((n, SIZE, SIZE), dtype=np.uint8)
    key_pts = np.zeros((n, len(TEMPLATE), 2), dtype=np.float32)
    for i in range(n):
        r = rng.uniform(18, 30)
        cx, cy = rng.uniform(r + 2, SIZE - r - 2, size=2)
        img = 30 + 90 * (((xx - cx) ** 2 + (yy - cy) ** 2) < r ** 2) + rng.normal(0, 8, (SIZE, SIZE))
        pts = np.stack([cx + TEMPLATE[:, 0] * r, cy + TEMPLATE[:, 1] * r], axis=1)
        for px, py in pts:
            img[int(py) - 1:int(py) + 2, int(px) - 1:int(px) + 2] = 250
        images[i] = np.clip(img, 0, 255).astype(np.uint8)
        key_pts[i] = pts
    return images, key_pts

class Normalize:
    """Convert image to [0, 1] and key points to roughly [-1, 1]."""
    def __call__(self, sample):
        image, key_pts = sample['image'], sample['keypoints']
        image = image.astype(np.float32) / 255.0
        key_pts = (key_pts - 48.0) / 24.0
        return {'image': image, 'keypoints': key_pts}

class FacialKeypointsDataset(Dataset):
    def __init__(self, images, key_pts, transform=None):
        self.images, self.key_pts, self.transform = images, key_pts, transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, idx):
        sample = {'image': self.images[idx], 'keypoints': self.key_pts[idx]}
        if self.transform:
            sample = self.transform(sample)
        return {'image': torch.from_numpy(sample['image']).unsqueeze(0),
                'keypoints': torch.from_numpy(sample['keypoints'])}

class Net(nn.Module):
    def __init__(self, n_kp=5):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(1, 8, 5, stride=2, padding=2), nn.ReLU(), nn.MaxPool2d(2),     # 24x24
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),              # 12x12
        )
        self.fc = nn.Sequential(nn.Flatten(), nn.Linear(16 * 12 * 12, 128), nn.ReLU(), nn.Linear(128, n_kp * 2))

    def forward(self, x):
        return self.fc(self.conv(x))

def train_net(net, loader, n_epochs=15):
    criterion = nn.MSELoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    for epoch in range(n_epochs):
        running_loss = 0.0
        for data in loader:
            images, key_pts = data['image'], data['keypoints']
            key_pts = key_pts.view(key_pts.size(0), -1)
            output_pts = net(images)
            loss = criterion(output_pts, key_pts)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running_loss += loss.item()
        if epoch % 5 == 4:
            print(f"Epoch {epoch + 1}, avg loss {running_loss / len(loader):.4f}")

images, key_pts = generate_faces()
dataset = FacialKeypointsDataset(images, key_pts, transform=Normalize())
loader = DataLoader(dataset, batch_size=10, shuffle=True)
net = Net()
train_net(net, loader)

# evaluate in pixel coordinates
with torch.no_grad():
    batch = [dataset[i] for i in range(len(dataset))]
    X = torch.stack([b['image'] for b in batch])
    T = torch.stack([b['keypoints'] for b in batch]).view(len(batch), -1)
    P = net(X)
    P_px, T_px = P * 24.0 + 48.0, T * 24.0 + 48.0
    r2 = 1 - ((P_px - T_px) ** 2).mean() / ((T_px - T_px.mean(0)) ** 2).mean()
print(f"RESULT r2={r2.item():.3f}")
