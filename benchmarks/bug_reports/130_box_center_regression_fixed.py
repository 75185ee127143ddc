# Rebuilt from: https://stats.stackexchange.com/questions/261704/training-a-neural-network-for-regression-always-predicts-the-mean
# Report: A small strided CNN regresses the (x, y) position of a box drawn in an image with an
#   MSE loss; the loss barely decreases and every prediction sits near the centre of the image,
#   i.e. the network "just predicts the average of the training data".
# Fixed twin of 130_box_center_regression.py: the target batch is reshaped to (B, 2) before the loss.
# Our own code, written after the report (not copied from it); synthetic images, no data file.
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

IMG = 32


def load_data(n=700):
    images = np.zeros((n, 3, IMG, IMG), dtype=np.float32)
    boxes = []                                   # one list of boxes per image
    for i in range(n):
        w = np.random.randint(4, 9)
        x0, y0 = np.random.randint(0, IMG - w, size=2)
        images[i, :, y0:y0 + w, x0:x0 + w] = np.random.uniform(0.5, 1.0, size=(3, 1, 1))
        images[i] += 0.05 * np.random.randn(3, IMG, IMG)
        boxes.append([[(x0 + w / 2) / IMG, (y0 + w / 2) / IMG]])
    return images, np.array(boxes, dtype=np.float32)   # (n, 1, 2)


images, targets = load_data()
X_train, X_val, y_train, y_val = train_test_split(images, targets, test_size=0.2, random_state=0)
X_train, y_train = torch.tensor(X_train), torch.tensor(y_train)

model = nn.Sequential(
    nn.Conv2d(3, 16, 5, stride=2, padding=2), nn.ReLU(),
    nn.Conv2d(16, 32, 5, stride=2, padding=2), nn.ReLU(),
    nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(32 * 4 * 4, 64), nn.ReLU(),
    nn.Linear(64, 2),
)
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

batch_size = 64
for epoch in range(15):
    perm = torch.randperm(len(X_train))
    for i in range(0, len(X_train), batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        out = model(X_train[idx])
        loss = criterion(out, y_train[idx].view(-1, 2))
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X_train)
    y = y_train.view(-1, 2)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(dim=0, unbiased=False).mean()
print("sample predictions:", [[round(float(v), 2) for v in row] for row in pred[:3]])
print(f"RESULT r2={r2.item():.3f}")
