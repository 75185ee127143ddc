# Rebuilt from: https://stats.stackexchange.com/questions/372762/why-normalize-when-all-features-are-on-the-same-scale
# Report: Following the basic Fashion-MNIST classification tutorial (Flatten -> Dense(128, relu) -> Dense(10)),
#   the asker skipped the "divide by 255" step because all pixels share the same 0..255 scale. With the
#   scaling the model reaches over 85% accuracy; without it accuracy falls to about 10%.
# Fixed twin of 173_fashion_mlp_uint8.py: both image arrays are divided by 255.0 when they are turned into float tensors
# Our own code, written after the report (not copied from it); synthetic 28x28 uint8 "clothing" images
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)


def load_data(n=4000):
    # ten class templates that share a common silhouette, plus contrast jitter and sensor noise
    base = rng.uniform(0.2, 0.6, size=(7, 7))
    templates = (base + 0.1 * rng.uniform(-1, 1, size=(10, 7, 7))).repeat(4, axis=1).repeat(4, axis=2)
    labels = rng.integers(0, 10, size=n)
    contrast = rng.uniform(0.6, 1.0, size=(n, 1, 1))
    raw = 255 * templates[labels] * contrast + rng.normal(0, 60, size=(n, 28, 28))
    images = np.clip(raw, 0, 255).astype(np.uint8)
    return (images[:3000], labels[:3000]), (images[3000:], labels[3000:])


(train_images, train_labels), (test_images, test_labels) = load_data()

X_train = torch.tensor(train_images, dtype=torch.float32) / 255.0
X_test = torch.tensor(test_images, dtype=torch.float32) / 255.0
y_train = torch.tensor(train_labels, dtype=torch.long)
y_test = torch.tensor(test_labels, dtype=torch.long)

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

batch_size = 32
for epoch in range(5):
    perm = torch.randperm(len(X_train))
    for i in range(0, len(X_train), batch_size):
        idx = perm[i:i + batch_size]
        logits = model(X_train[idx])
        loss = F.cross_entropy(logits, y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        train_acc = (model(X_train).argmax(1) == y_train).float().mean().item()
    print(f"epoch {epoch + 1}: loss {loss.item():.3f} train acc {train_acc:.3f}")

with torch.no_grad():
    test_acc = (model(X_test).argmax(1) == y_test).float().mean().item()
print(f"test accuracy {test_acc:.3f}")
print(f"RESULT acc={test_acc:.3f}")
