# Rebuilt from: https://www.notbucai.com/article/93f475ba-db91-40ba-a42c-470db4b91573
# Report: "training a graphic captcha with an RNN, the loss does not converge": captcha images opened with
#   PIL, turned into arrays with np.array(img) and converted to gray (0.2989 r + 0.5870 g + 0.1140 b), then
#   fed row by row to an nn.LSTM + nn.Linear model through a custom Dataset and DataLoader; the loss stays
#   flat. The gray values are still on the 0..255 scale when they reach the LSTM.
# Fixed twin of 418_captcha_lstm_raw_gray_rows.py: the gray values are divided by 255 before they reach the
#   LSTM.
# Our own code, written after the report (not copied from it); data: captcha_chars.npz written beside it
import os

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

np.random.seed(18)
torch.manual_seed(18)
torch.set_num_threads(1)

DATA = "captcha_chars.npz"
H, W, N_CLASSES = 16, 16, 10


def render_chars(path, n=2000):
    rng = np.random.default_rng(18)
    glyphs = rng.random((N_CLASSES, H, W)) < 0.35
    labels = rng.integers(0, N_CLASSES, n)
    rgb = np.empty((n, H, W, 3), dtype=np.uint8)
    for i, c in enumerate(labels):
        shift = rng.integers(-1, 2)
        ink = np.roll(glyphs[c], shift, axis=1)
        base = rng.uniform(170, 230, 3)
        img = np.where(ink[..., None], base - rng.uniform(110, 150), base) + rng.normal(0, 18, (H, W, 3))
        rgb[i] = np.clip(img, 0, 255)
    np.savez(path, images=rgb, labels=labels)


def convert2gray(img):
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    return 0.2989 * r + 0.5870 * g + 0.1140 * b


class CaptchaSet(Dataset):
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


class LSTMRNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, batch_first=True)
        self.linear = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.linear(out[:, -1, :])


if not os.path.exists(DATA):
    render_chars(DATA)

data = np.load(DATA)
gray = convert2gray(data["images"].astype(np.float32)) / 255.0
x_all = torch.tensor(gray, dtype=torch.float32)
y_all = torch.tensor(data["labels"], dtype=torch.long)

loader = DataLoader(CaptchaSet(x_all[:1600], y_all[:1600]), batch_size=32, shuffle=True)
model = LSTMRNN(W, 64, N_CLASSES)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)

for epoch in range(5):
    total = 0.0
    for x, y in loader:
        loss = criterion(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 2 == 0:
        print(f"epoch {epoch} loss {total / len(loader):.4f}")

with torch.no_grad():
    predicted = model(x_all[1600:]).argmax(dim=1)
print(f"RESULT acc={(predicted == y_all[1600:]).float().mean().item():.4f}")
