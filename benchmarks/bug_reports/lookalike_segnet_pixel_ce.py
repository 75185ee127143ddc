# Rebuilt from: https://github.com/wasidennis/AdaptSegNet/issues/46
# Report: The reporter noticed that in the segmentation loss the prediction has shape [h*w, c] while the target
#   has shape [h*w], and asked why cross entropy is computed between tensors of different dimensions.
#   The answer: F.cross_entropy takes class indices, no one-hot target is needed.
# Not a bug (a look-alike that must stay silent): logits [N, C] against integer class indices [N] is the documented
#   input/target pair for cross entropy; the mask for ignored pixels is applied to both tensors identically.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
np.random.seed(0)
IGNORE = 255
N_CLASS = 3


def make_scenes(n, size=16):
    """Toy 'road / car / sky' scenes: each pixel class depends on a local colour cue."""
    labels = np.zeros((n, size, size), dtype=np.int64)
    labels[:, : size // 3, :] = 2                       # sky on top
    for i in range(n):
        r, c = np.random.randint(6, size - 4), np.random.randint(0, size - 5)
        labels[i, r:r + 3, c:c + 5] = 1                 # a car
    imgs = np.eye(N_CLASS, dtype=np.float32)[labels].transpose(0, 3, 1, 2)
    imgs = imgs + 0.6 * np.random.randn(*imgs.shape).astype(np.float32)
    labels[:, -1, :] = IGNORE                           # unlabeled bottom row (ego vehicle)
    return torch.from_numpy(imgs), torch.from_numpy(labels)


class CrossEntropy2d(nn.Module):
    def __init__(self, ignore_label=IGNORE):
        super().__init__()
        self.ignore_label = ignore_label

    def forward(self, predict, target):
        n, c, h, w = predict.size()
        target_mask = (target >= 0) & (target != self.ignore_label)
        target = target[target_mask]                                  # [n_valid]
        predict = predict.transpose(1, 2).transpose(2, 3).contiguous()  # n, h, w, c
        predict = predict[target_mask.view(n, h, w, 1).repeat(1, 1, 1, c)].view(-1, c)  # [n_valid, c]
        return F.cross_entropy(predict, target)


net = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(),
    nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
    nn.Conv2d(16, N_CLASS, 1),
)
images, labels = make_scenes(200)
criterion = CrossEntropy2d()
optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)

for epoch in range(15):
    perm = torch.randperm(len(images))
    for i in range(0, len(images), 20):
        idx = perm[i:i + 20]
        pred = net(images[idx])
        loss = criterion(pred, labels[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = net(images).argmax(1)
    valid = labels != IGNORE
    acc = (pred[valid] == labels[valid]).float().mean().item()
print(f"RESULT acc={acc:.3f}")
