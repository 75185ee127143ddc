# Rebuilt from: https://datascience.stackexchange.com/questions/29958/when-inputting-image-rgb-values-to-mlp-should-i-divide-by-255
# Report: An MLP with 3072 input nodes for 1024 RGB pixels; each dataset row is
#   [red_pix1..red_pix1024, green_pix1.., blue_pix1..] with integers 0-255. The asker wondered whether to
#   divide by 255 before training; answers: yes (and maybe center), it makes the net easier to train.
# Bug (planted: TL002): the uint8 rows are cast to float32 and fed to the MLP as 0..255 values; plain SGD.
# Our own code, written after the report (not copied from it); images are synthetic (numpy Generator)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
rng = np.random.default_rng(0)


def make_dataset(n_per_class=150):
    """Three kinds of 32x32 pictures: sky (blue top), field (green bottom), sunset (red middle band)."""
    rows, labels = [], []
    for label in range(3):
        for _ in range(n_per_class):
            img = rng.normal(110, 40, size=(3, 32, 32))
            if label == 0:
                img[2, :12] += 60
            elif label == 1:
                img[1, 20:] += 60
            else:
                img[0, 12:20] += 60
            rows.append(np.clip(img, 0, 255).astype(np.uint8).reshape(-1))  # R..., G..., B...
            labels.append(label)
    return np.stack(rows), np.array(labels)


data, labels = make_dataset()
perm = rng.permutation(len(data))
data, labels = data[perm], labels[perm]

X = torch.tensor(data, dtype=torch.float32)
y = torch.tensor(labels, dtype=torch.long)

model = nn.Sequential(
    nn.Linear(3072, 128),
    nn.ReLU(),
    nn.Linear(128, 64),
    nn.ReLU(),
    nn.Linear(64, 3),
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
batch_size = 50

for epoch in range(8):
    idx = torch.randperm(len(X))
    for start in range(0, len(X), batch_size):
        b = idx[start:start + batch_size]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(X[b]), y[b])
        loss.backward()
        optimizer.step()
    print("epoch", epoch, "loss", round(loss.item(), 4))

with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print("RESULT acc=%.3f" % acc)
