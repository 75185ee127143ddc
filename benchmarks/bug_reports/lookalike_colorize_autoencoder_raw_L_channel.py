# Rebuilt from: https://github.com/bnsreenu/python_for_microscopists/issues/6
# Report: In the colorization autoencoder tutorial the input is the raw L channel of Lab (0..100) while the
#   targets a/b are divided by 128; a reader asked whether L should be divided by 100 too. The author answered
#   that since L is the only input to the network it does not matter much whether it is scaled (scaling only
#   speeds things up a little) - the model trains fine on the raw L channel with Adam.
# Not a bug (a look-alike that must stay silent): one input channel of moderate, fixed range (0..100) into a
#   ReLU conv net trained with Adam; the targets are already scaled to [-1, 1] for the tanh output. Dividing L
#   by 100 gives the same result.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)

IMG_SIZE = 32


def rgb2lab(rgb):
    """sRGB in [0, 1] (H, W, 3) -> CIE Lab with D65 white (L in 0..100, a/b roughly -128..127)."""
    lin = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    m = np.array([[0.412453, 0.357580, 0.180423],
                  [0.212671, 0.715160, 0.072169],
                  [0.019334, 0.119193, 0.950227]])
    xyz = lin @ m.T
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16.0 / 116.0)
    L = 116.0 * f[..., 1] - 16.0
    a = 500.0 * (f[..., 0] - f[..., 1])
    b = 200.0 * (f[..., 1] - f[..., 2])
    return np.stack([L, a, b], axis=-1)


def flow_from_directory(n_images, target_size):
    """Stand-in for the image folder: smooth scenes painted with a warm-to-cold palette, as uint8 RGB."""
    h, w = target_size
    yy, xx = np.mgrid[0:h, 0:w] / float(h)
    batch = []
    for _ in range(n_images):
        t = np.zeros((h, w))
        for _ in range(4):
            fx, fy, ph = rng.uniform(0.5, 3.0), rng.uniform(0.5, 3.0), rng.uniform(0, 2 * np.pi)
            t += rng.uniform(0.3, 1.0) * np.sin(2 * np.pi * (fx * xx + fy * yy) + ph)
        t = (t - t.min()) / (t.max() - t.min() + 1e-8)
        rgb = np.stack([
            0.15 + 0.85 * t ** 0.7,
            0.05 + 0.9 * t ** 1.3,
            0.55 - 0.35 * t + 0.3 * t ** 3,
        ], axis=-1)
        batch.append(np.clip(rgb * 255.0, 0, 255).astype(np.uint8))
    return [np.array(batch)]


# Normalize images - divide by 255
train = [batch / 255.0 for batch in flow_from_directory(200, target_size=(IMG_SIZE, IMG_SIZE))]

X = []
Y = []
for img in train[0]:
    lab = rgb2lab(img)
    X.append(lab[:, :, 0])
    Y.append(lab[:, :, 1:] / 128)  # a and b to [-1, 1]
X = np.array(X)
Y = np.array(Y)
X = X.reshape(X.shape + (1,))
print(X.shape, Y.shape, "L range", X.min().round(1), X.max().round(1))

model = nn.Sequential(
    # encoder
    nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
    nn.Conv2d(32, 32, 3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
    # decoder
    nn.Conv2d(64, 32, 3, padding=1), nn.ReLU(),
    nn.Upsample(scale_factor=2),
    nn.Conv2d(32, 16, 3, padding=1), nn.ReLU(),
    nn.Conv2d(16, 2, 3, padding=1), nn.Tanh(),
    nn.Upsample(scale_factor=2),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()

X_t = torch.tensor(X, dtype=torch.float32).permute(0, 3, 1, 2)
Y_t = torch.tensor(Y, dtype=torch.float32).permute(0, 3, 1, 2)
n_val = int(0.1 * len(X_t))
X_train, Y_train = X_t[:-n_val], Y_t[:-n_val]
X_val, Y_val = X_t[-n_val:], Y_t[-n_val:]

epochs, batch_size = 12, 16
for epoch in range(epochs):
    perm = torch.randperm(len(X_train))
    for start in range(0, len(X_train), batch_size):
        idx = perm[start:start + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(X_train[idx]), Y_train[idx])
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        val_loss = loss_fn(model(X_val), Y_val).item()
    print(f"epoch {epoch + 1}: loss {loss.item():.5f} val_loss {val_loss:.5f}")

with torch.no_grad():
    pred = model(X_val)
    r2 = 1 - ((Y_val - pred) ** 2).sum() / ((Y_val - Y_val.mean(dim=(0, 2, 3), keepdim=True)) ** 2).sum()
print(f"RESULT r2={r2.item():.4f}")
