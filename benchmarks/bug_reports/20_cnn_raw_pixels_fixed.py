# Rebuilt from: http://pullrequest.ru/10248037/cnn-keras-shodyatsya-odnomu-tomu-zhe-znacheniy-nezavisimo-vvoda
# Report: (mirror of a StackOverflow question) A small CNN converged to one and the same output whatever image
#   was fed to it; the answer: "you forgot to normalise the images, x_train is in [0,255], which causes huge
#   gradient updates and stops the learning" -> x_train.astype('float32') / 255.  (Keras there, PyTorch here)
# Fixed twin of 103_cnn_raw_pixels.py: load_images() divides the pixels by 255 (x.astype('float32') / 255),
#   exactly the answer's fix; nothing else changed.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)


def load_images(n=900, size=20):
    """Grayscale 8-bit images of three kinds of marks: horizontal bar, vertical bar, square."""
    x = np.random.randint(0, 60, (n, size, size)).astype(np.uint8)
    y = np.random.randint(0, 3, n)
    for i in range(n):
        r, c = np.random.randint(3, size - 9, 2)
        if y[i] == 0:
            x[i, r:r + 2, c:c + 8] = 230
        elif y[i] == 1:
            x[i, r:r + 8, c:c + 2] = 230
        else:
            x[i, r:r + 4, c:c + 4] = 230
    x_train = x.astype('float32') / 255
    return x_train[:, None, :, :], y


x_train, y_train = load_images()
X = torch.tensor(x_train)
Y = torch.tensor(y_train, dtype=torch.long)

model = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(32 * 5 * 5, 64), nn.ReLU(),
    nn.Linear(64, 3),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

batch_size = 32
for epoch in range(8):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        loss = criterion(model(X[idx]), Y[idx])
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X).argmax(dim=1)
print("distinct predicted classes:", pred.unique().tolist())
acc = (pred == Y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
