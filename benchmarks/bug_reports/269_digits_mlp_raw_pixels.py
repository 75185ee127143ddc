# Rebuilt from: https://github.com/scikit-learn/scikit-learn/issues/11960
# Report: In the "MNIST MLP weights" example (an MLP trained with SGD, lr 0.1, on MNIST pixels) the
#   learned first-layer weights looked wrong: almost all filters were blank/saturated. The cause was a
#   commit that had removed the division of the 0-255 pixel values by 255 (fixed in PR #11961).
# Bug (planted: TL002): load_images() hands the raw 0..255 grey values straight to the MLP (plain SGD,
#   lr 0.1, momentum 0.9); the "/ 255." rescaling step is missing.
# Our own code, written after the report (not copied from it); images are sklearn's 8x8 digits
#   re-quantised to 0..255 uint8 like MNIST
import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

torch.manual_seed(1)
np.random.seed(1)
torch.set_num_threads(1)


def load_images():
    digits = load_digits()
    imgs = np.round(digits.images * (255.0 / 16.0)).astype(np.uint8)   # MNIST-like 0..255
    X = imgs.reshape(len(imgs), -1).astype(np.float32)
    y = digits.target.astype(np.int64)
    return X, y


X, y = load_images()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=1)
X_train, y_train = torch.tensor(X_train), torch.tensor(y_train)

mlp = nn.Sequential(nn.Linear(64, 50), nn.ReLU(), nn.Linear(50, 10))
opt = torch.optim.SGD(mlp.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)
loss_fn = nn.CrossEntropyLoss()

batch_size = 200
for epoch in range(10):
    perm = torch.randperm(len(X_train))
    for start in range(0, len(X_train), batch_size):
        idx = perm[start:start + batch_size]
        opt.zero_grad()
        loss = loss_fn(mlp(X_train[idx]), y_train[idx])
        loss.backward()
        opt.step()
    print(f"Iteration {epoch + 1}, loss = {loss.item():.8f}")

with torch.no_grad():
    acc = (mlp(X_train).argmax(1) == y_train).float().mean().item()
print(f"RESULT acc={acc:.3f}")
