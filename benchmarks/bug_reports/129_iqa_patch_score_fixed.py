# Rebuilt from: https://github.com/lidq92/CNNIQA/issues/1
# Report: Training CNNIQA (a small CNN that predicts an image-quality score from 32x32
#   grayscale patches with an L1 loss) fails with "input and target shapes do not match:
#   input [1], target [1 x 1]"; the answer says to unsqueeze the prediction / squeeze the target.
# Fixed twin of 129_iqa_patch_score.py: the target is squeezed to (B,) in train() -> loss_fn(q, label.squeeze(1)).
# Our own code, written after the report (not copied from it); synthetic patches, no data file.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)


def make_patches(n=500, size=24):
    """Smooth textures degraded by white noise; MOS falls with the noise level."""
    rng = np.random.RandomState(1)
    patches, mos = [], []
    for _ in range(n):
        base = rng.rand(size // 4, size // 4)
        base = np.kron(base, np.ones((4, 4)))          # blocky clean texture
        sigma = rng.uniform(0.0, 0.5)
        img = base + sigma * rng.randn(size, size)
        patches.append(img.astype(np.float32))
        mos.append(9.0 - 14.0 * sigma + 0.3 * rng.randn())
    return np.stack(patches), np.array(mos, dtype=np.float32)


class IQADataset(Dataset):
    def __init__(self, patches, mos):
        self.patches = patches
        self.label = mos

    def __len__(self):
        return len(self.patches)

    def __getitem__(self, idx):
        patch = torch.from_numpy(self.patches[idx]).unsqueeze(0)
        return patch, torch.Tensor([self.label[idx], ])


class CNNIQAnet(nn.Module):
    def __init__(self, ker_size=7, n_kers=16, n1_nodes=64, n2_nodes=64):
        super().__init__()
        self.conv1 = nn.Conv2d(1, n_kers, ker_size)
        self.fc1 = nn.Linear(2 * n_kers, n1_nodes)
        self.fc2 = nn.Linear(n1_nodes, n2_nodes)
        self.fc3 = nn.Linear(n2_nodes, 1)

    def forward(self, x):
        h = self.conv1(x)
        h1 = F.max_pool2d(h, (h.size(-2), h.size(-1)))
        h2 = -F.max_pool2d(-h, (h.size(-2), h.size(-1)))
        h = torch.cat((h1, h2), 1).flatten(1)
        h = F.relu(self.fc1(h))
        h = F.relu(self.fc2(h))
        q = self.fc3(h)
        return q.view(-1)


def train(model, loader, epochs=15, lr=1e-3):
    loss_fn = nn.L1Loss()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        total = 0.0
        for patch, label in loader:
            opt.zero_grad()
            q = model(patch)
            loss = loss_fn(q, label.squeeze(1))
            loss.backward()
            opt.step()
            total += loss.item() * len(patch)
        if epoch % 4 == 0:
            print(f"epoch {epoch} L1 {total / len(loader.dataset):.3f}")


patches, mos = make_patches()
ds = IQADataset(patches, mos)
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = CNNIQAnet()
train(model, loader)

model.eval()
with torch.no_grad():
    X = torch.from_numpy(patches).unsqueeze(1)
    pred = model(X).view(-1)
    y = torch.from_numpy(mos).view(-1)
    r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
