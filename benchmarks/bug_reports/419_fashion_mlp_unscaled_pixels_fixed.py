# Rebuilt from: https://github.com/https-deeplearning-ai/tensorflow-1-public/issues/8
# Report: C1_W2_Lab_1_beyond_hello_world, Exercise 7: the exercise asks to train the Fashion-MNIST classifier
#   (Flatten -> Dense(128, relu) -> Dense(10, softmax)) without normalizing the images, to see what the
#   division by 255 is for; the notebook still divided the training and test images by 255, and the course
#   then marked the lines that can be removed to try it.
# Fixed twin of 419_fashion_mlp_unscaled_pixels.py: the training and test images are divided by 255.
# Our own code, written after the report (not copied from it); data: garments_28.npz written beside it
import os

import numpy as np
import torch
import torch.nn as nn

np.random.seed(19)
torch.manual_seed(19)
torch.set_num_threads(1)

DATA = "garments_28.npz"


def draw_garments(path, n=3000):
    rng = np.random.default_rng(19)
    yy, xx = np.mgrid[0:28, 0:28] / 27.0
    templates = []
    for c in range(10):
        cy, cx, sy, sx = rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7), rng.uniform(0.1, 0.35), rng.uniform(0.1, 0.35)
        blob = np.exp(-((yy - cy) ** 2 / sy ** 2 + (xx - cx) ** 2 / sx ** 2))
        stripes = 0.5 + 0.5 * np.sin(2 * np.pi * (c % 5 + 1) * (xx if c < 5 else yy))
        templates.append(blob * (0.5 + 0.5 * stripes))
    labels = rng.integers(0, 10, n)
    images = np.empty((n, 28, 28), dtype=np.uint8)
    for i, c in enumerate(labels):
        img = np.roll(templates[c], rng.integers(-2, 3), axis=1) * rng.uniform(180, 255) + rng.normal(0, 20, (28, 28))
        images[i] = np.clip(img, 0, 255)
    np.savez(path, images=images, labels=labels)


if not os.path.exists(DATA):
    draw_garments(DATA)

data = np.load(DATA)
training_images = torch.from_numpy(data["images"][:2500]).float() / 255.0
training_labels = torch.from_numpy(data["labels"][:2500]).long()
test_images = torch.from_numpy(data["images"][2500:]).float() / 255.0
test_labels = torch.from_numpy(data["labels"][2500:]).long()

model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(5):
    perm = torch.randperm(len(training_images))
    for i in range(0, len(perm), 32):
        idx = perm[i:i + 32]
        loss = loss_fn(model(training_images[idx]), training_labels[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    predicted = model(test_images).argmax(dim=1)
print(f"RESULT acc={(predicted == test_labels).float().mean().item():.4f}")
