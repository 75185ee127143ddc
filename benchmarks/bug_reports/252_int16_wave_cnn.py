# Rebuilt from: https://stackoverflow.com/questions/59658218/please-explain-why-we-use-32768-in-audio-signals
# Report: Sample audio code does `rate, data = wavfile.read(wav_loc); data = data / 32768` and the
#   asker wanted to know what 32768 is. Answer: 16-bit wav samples lie in [-32768, 32767], dividing
#   by 2**15 brings them to [-1, 1] before they are used.
# Bug (planted: TL002): load_clip() keeps the int16 sample values (thousands to tens of thousands)
#   and only casts them to float32, so the raw PCM counts go straight into the Conv1d classifier.
# Our own code, written after the report (not copied from it); wav clips synthesized in memory.
import io
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from scipy.io import wavfile
from torch.utils.data import TensorDataset, DataLoader

np.random.seed(3)
torch.manual_seed(3)
torch.set_num_threads(1)

RATE, CLIP = 8000, 1024
CLASSES = ["hum", "whistle", "hiss"]


def record_fake_wav(kind):
    """Write a 16-bit PCM wav into memory, like a clip coming off a recorder."""
    t = np.arange(CLIP) / RATE
    gain = np.random.uniform(2000, 20000)
    if kind == "hum":
        f = np.random.uniform(50, 120)
        x = sum(np.sin(2 * np.pi * f * h * t) / h for h in range(1, 5))
    elif kind == "whistle":
        f = np.random.uniform(1500, 2500)
        x = np.sin(2 * np.pi * (f + 300 * t / t[-1]) * t)
    else:
        x = np.random.randn(CLIP) * 0.5
    x = x + 0.05 * np.random.randn(CLIP)
    pcm = np.clip(gain * x / np.abs(x).max(), -32768, 32767).astype(np.int16)
    buf = io.BytesIO()
    wavfile.write(buf, RATE, pcm)
    buf.seek(0)
    return buf


def load_clip(wav_file):
    rate, data = wavfile.read(wav_file)
    return data.astype(np.float32)


clips, labels = [], []
for i in range(450):
    c = i % 3
    clips.append(load_clip(record_fake_wav(CLASSES[c])))
    labels.append(c)
X = torch.tensor(np.stack(clips)).unsqueeze(1)  # (N, 1, CLIP)
y = torch.tensor(labels)
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)


class WaveCNN(nn.Module):
    def __init__(self, n_classes=3):
        super().__init__()
        self.conv1 = nn.Conv1d(1, 8, kernel_size=9, stride=2)
        self.conv2 = nn.Conv1d(8, 16, kernel_size=9, stride=2)
        self.fc = nn.Linear(16, n_classes)

    def forward(self, x):
        x = F.max_pool1d(F.relu(self.conv1(x)), 2)
        x = F.relu(self.conv2(x))
        x = x.mean(dim=2)  # global average pooling
        return self.fc(x)


def train(model, loader, epochs=15, lr=0.01):
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    for ep in range(epochs):
        running = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            running += loss.item()
        if ep % 5 == 0:
            print(f"epoch {ep} loss {running / len(loader):.4f}")


model = WaveCNN()
train(model, loader)
with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
