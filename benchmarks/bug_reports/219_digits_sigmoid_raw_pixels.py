# Rebuilt from: https://stats.stackexchange.com/questions/253172/how-should-i-normalise-the-inputs-to-a-neural-network
# Report: A from-scratch sigmoid network for MNIST digit recognition is fed the 784 raw grey values (0-255);
#   the large pre-activations saturate the sigmoids (math range errors) and the network does not learn,
#   until all values are divided by 255 to lie in [0, 1].
# Bug (planted: TL002): load_digits() hands raw 0-255 pixel values to a sigmoid MLP trained with plain SGD.
# Our own code, written after the report (not copied from it); 14x14 "digit" images made in the script as uint8
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0); np.random.seed(0)
torch.set_num_threads(1)

def load_digits(n=1500, size=14):
    rng = np.random.RandomState(3)
    stroke = rng.rand(size, size)
    templates = np.clip(stroke + 0.6 * (rng.rand(10, size, size) - 0.5), 0, 1)
    labels = rng.randint(0, 10, n)
    imgs = templates[labels] * 200 + rng.normal(0, 40, (n, size, size))
    imgs = np.clip(imgs, 0, 255).astype(np.uint8)
    X = imgs.reshape(n, -1).astype(np.float32)
    return torch.tensor(X), torch.tensor(labels)

X, y = load_digits()
net = nn.Sequential(nn.Linear(X.shape[1], 64), nn.Sigmoid(),
                    nn.Linear(64, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.5)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(30):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 50):
        idx = perm[i:i + 50]
        loss = loss_fn(net(X[idx]), y[idx])
        opt.zero_grad(); loss.backward(); opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (net(X).argmax(1) == y).float().mean()
print(f"RESULT acc={acc.item():.3f}")
