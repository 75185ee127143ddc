# Rebuilt from: https://github.com/PacktPublishing/What-s-New-in-TensorFlow-2.0/issues/1
# Report: the book's chapter-2 "end to end" example (MNIST -> float tensors -> Flatten/Dense(100)/Dense(100)/softmax,
#   SGD, batch 32) stayed at ~11% accuracy for the reader; the reader's fix was dividing x_train and x_test by 255,
#   which "fixes it entirely" (the author had left the scaling out of the book for conciseness).
# Bug (planted: TL002): the 0..255 pixel arrays are turned into float tensors without being scaled, so the first
#   layer sees inputs in the hundreds, the softmax saturates at once and SGD stays close to chance level.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)


# ---- data: 28x28 grey "digit sheets", 10 stroke prototypes, uint8 pixels 0..255 --------------------------
def draw_stroke(canvas, r0, c0, r1, c1, width):
    for t in np.linspace(0.0, 1.0, 40):
        r = int(round(r0 + t * (r1 - r0)))
        c = int(round(c0 + t * (c1 - c0)))
        canvas[max(r - width, 0):r + width + 1, max(c - width, 0):c + width + 1] = 1.0


def make_prototypes(n_classes=10):
    protos = []
    for _ in range(n_classes):
        canvas = np.zeros((28, 28))
        for _ in range(3):
            r0, c0, r1, c1 = rng.integers(4, 24, size=4)
            draw_stroke(canvas, r0, c0, r1, c1, width=1)
        protos.append(canvas)
    return protos


def load_data(n_train=3000, n_test=1000):
    protos = make_prototypes()

    def sample(n):
        images = np.zeros((n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n)
        for i, lab in enumerate(labels):
            img = np.roll(protos[lab], shift=tuple(rng.integers(-2, 3, size=2)), axis=(0, 1))
            img = img * rng.uniform(0.6, 1.0) * 255.0 + rng.normal(0.0, 40.0, size=(28, 28))
            images[i] = np.clip(img, 0, 255).astype(np.uint8)
        return images, labels

    return sample(n_train), sample(n_test)


# Load Data
(x_train, y_train), (x_test, y_test) = load_data()

# Convert data from numpy arrays to tensors
x_train = torch.tensor(x_train, dtype=torch.float32)
y_train = F.one_hot(torch.tensor(y_train), num_classes=10).float()

x_test = torch.tensor(x_test, dtype=torch.float32)
y_test = F.one_hot(torch.tensor(y_test), num_classes=10).float()

# Build neural network for classification
model = nn.Sequential()
model.add_module("flatten", nn.Flatten())
model.add_module("dense1", nn.Linear(28 * 28, 100))
model.add_module("relu1", nn.ReLU())
model.add_module("dense2", nn.Linear(100, 100))
model.add_module("relu2", nn.ReLU())
model.add_module("dense3", nn.Linear(100, 10))
model.add_module("softmax", nn.Softmax(dim=1))


# "Compile" model: categorical cross-entropy on softmax outputs (probabilities clipped like Keras does)
def categorical_crossentropy(y_true, y_pred, eps=1e-7):
    y_pred = torch.clamp(y_pred, eps, 1.0 - eps)
    return -(y_true * torch.log(y_pred)).sum(dim=1).mean()


def accuracy(y_true, y_pred):
    return (y_pred.argmax(dim=1) == y_true.argmax(dim=1)).float().mean().item()


optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

# Train model
batch_size = 32
steps_per_epoch = 60
epochs = 10
for epoch in range(epochs):
    running_loss, running_acc = 0.0, 0.0
    for step in range(steps_per_epoch):
        idx = torch.randint(0, x_train.shape[0], (batch_size,))
        xb, yb = x_train[idx], y_train[idx]
        probs = model(xb)
        loss = categorical_crossentropy(yb, probs)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        running_acc += accuracy(yb, probs)
    print(f"Epoch {epoch + 1}/{epochs} - loss: {running_loss / steps_per_epoch:.4f}"
          f" - accuracy: {running_acc / steps_per_epoch:.4f}")

# Run evaluation
with torch.no_grad():
    test_probs = model(x_test)
    test_loss = categorical_crossentropy(y_test, test_probs).item()
    test_acc = accuracy(y_test, test_probs)
print("Test loss:", test_loss)
print("Test accuracy:", test_acc)
print(f"RESULT acc={test_acc:.4f}")
