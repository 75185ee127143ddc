# Rebuilt from: https://github.com/delijati/pytorch-siamese/issues/3
# Report: Running train_mnist.py of a siamese network (contrastive loss, SGD) prints "Loss: nan" from the start;
#   lowering the learning rate does not help. The cause turned out to be the pair-building step: under
#   python2 the images were not scaled, and `x0_data.append(data[z1] / 255.0)` fixed it.
# Fixed twin of 174_siamese_contrastive_uint8.py: create_pairs() appends data[z] / 255.0 instead of the raw uint8 pixels
# Our own code, written after the report (not copied from it); synthetic 28x28 uint8 "digits" in the script
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)


def load_digits(n=1000):
    templates = (rng.uniform(0, 1, size=(10, 7, 7)) > 0.55).repeat(4, axis=1).repeat(4, axis=2)
    labels = rng.integers(0, 10, size=n)
    imgs = 230 * templates[labels] + rng.normal(0, 40, size=(n, 28, 28))
    return np.clip(imgs, 0, 255).astype(np.uint8).reshape(n, -1), labels


def create_pairs(data, digit_indices):
    x0_data, x1_data, label = [], [], []
    n = min(len(d) for d in digit_indices) - 1
    for d in range(10):
        for i in range(n):
            z1, z2 = digit_indices[d][i], digit_indices[d][i + 1]
            x0_data.append(data[z1] / 255.0)
            x1_data.append(data[z2] / 255.0)
            label.append(1)                                   # same digit
            dn = (d + rng.integers(1, 10)) % 10
            z1, z2 = digit_indices[d][i], digit_indices[dn][i]
            x0_data.append(data[z1] / 255.0)
            x1_data.append(data[z2] / 255.0)
            label.append(0)                                   # different digit
    x0 = np.array(x0_data, dtype=np.float32)
    x1 = np.array(x1_data, dtype=np.float32)
    return x0, x1, np.array(label, dtype=np.float32)


class SiameseNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 2))

    def forward_once(self, x):
        return self.fc(x)

    def forward(self, x0, x1):
        return self.forward_once(x0), self.forward_once(x1)


class ContrastiveLoss(nn.Module):
    def __init__(self, margin=1.0):
        super().__init__()
        self.margin = margin

    def forward(self, out0, out1, y):
        dist = torch.sqrt(((out0 - out1) ** 2).sum(1) + 1e-8)
        loss = y * dist ** 2 + (1 - y) * torch.clamp(self.margin - dist, min=0) ** 2
        return loss.mean() / 2


data, labels = load_digits()
digit_indices = [np.where(labels == i)[0] for i in range(10)]
x0, x1, pair_label = create_pairs(data, digit_indices)
x0, x1, pair_label = torch.from_numpy(x0), torch.from_numpy(x1), torch.from_numpy(pair_label)

model = SiameseNetwork()
criterion = ContrastiveLoss(margin=1.0)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

batch_size = 64
for epoch in range(10):
    perm = torch.randperm(len(x0))
    for i in range(0, len(x0), batch_size):
        idx = perm[i:i + batch_size]
        out0, out1 = model(x0[idx], x1[idx])
        loss = criterion(out0, out1, pair_label[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"Epoch {epoch}  Loss: {loss.item():.4f}")

with torch.no_grad():
    out0, out1 = model(x0, x1)
    dist = (out0 - out1).norm(dim=1)
    pred_same = (dist < 0.5).float()
    acc = (pred_same == pair_label).float().mean().item()
print(f"RESULT acc={acc:.3f}")
