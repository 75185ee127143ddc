# Rebuilt from: https://github.com/keras-team/keras/issues/3642
# Report: Following the "simplest possible autoencoder" step of the Keras autoencoder tutorial
#   (one dense 32-unit code layer on flattened 28x28 digits), the reporter got much worse
#   reconstructions than the tutorial. Maintainer: you should not feed integers in the 0-255 range
#   into a NN; cast to float and normalize. The reporter had left that step out.
# Bug (planted: TL002): load_digits_like() yields raw 0..255 pixel intensities and x_train is only
#   cast to float32 (the /255 step is missing) before going into the dense autoencoder with SGD.
# Our own code, written after the report (not copied from it); images are built with numpy in the script
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)


def load_digits_like(n=1000):
    """Ten crude stroke 'digits' (28x28, uint8 0..255), each drawn with a small random shift."""
    rng = np.random.RandomState(42)
    templates = np.zeros((10, 28, 28), dtype=np.uint8)
    for d in range(10):
        for _ in range(3):
            r0, c0 = rng.randint(8, 20, size=2)
            dr, dc = rng.choice([-1, 0, 1], size=2)
            for t in range(7):
                r, c = r0 + dr * t, c0 + dc * t
                templates[d, r:r + 2, c:c + 2] = 255
    labels = np.random.randint(0, 10, n)
    shifts = np.random.randint(-1, 2, size=(n, 2))
    imgs = np.stack([np.roll(templates[d], tuple(s), axis=(0, 1)) for d, s in zip(labels, shifts)])
    return imgs


x_train = load_digits_like().astype("float32")
x_train = x_train.reshape((len(x_train), 784))
x_train = torch.from_numpy(x_train)

encoding_dim = 32
autoencoder = nn.Sequential(
    nn.Linear(784, encoding_dim), nn.ReLU(),
    nn.Linear(encoding_dim, 784),
)
optimizer = torch.optim.SGD(autoencoder.parameters(), lr=0.01, momentum=0.9)
criterion = nn.MSELoss(reduction="sum")

batch_size = 50
for epoch in range(20):
    perm = torch.randperm(len(x_train))
    total = 0.0
    for i in range(0, len(x_train), batch_size):
        xb = x_train[perm[i:i + batch_size]]
        loss = criterion(autoencoder(xb), xb) / len(xb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {total / (len(x_train) // batch_size):.4f}")

with torch.no_grad():
    decoded = autoencoder(x_train)
    r2 = 1 - ((decoded - x_train) ** 2).mean() / x_train.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
