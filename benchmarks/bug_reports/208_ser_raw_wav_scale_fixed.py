# Rebuilt from: https://github.com/b04901014/FT-w2v2-ser/issues/6
# Report: Fine-tuning a speech-emotion model on a new dataset, the training loss never goes down ("the training
#   is not even happening"). The maintainer says the raw waveforms must be normalized per clip in __getitem__,
#   wav = (wav - wav.mean()) / (wav.std() + 1e-12); some recordings need it for the loss to decrease.
# Fixed twin of 208_ser_raw_wav_scale.py: __getitem__ normalizes each clip, (wav - mean) / (std + 1e-12), as the maintainer suggests.
# Our own code, written after the report (not copied from it); clips are synthesized in memory as int16 PCM.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
rng = np.random.default_rng(0)
SR, N_SAMPLES, N_CLIPS = 8000, 800, 256


def synth_clip(label):
    """'angry' (1) = higher, buzzier voice; 'neutral' (0) = lower, purer voice. Gain and DC differ per recording."""
    t = np.arange(N_SAMPLES) / SR
    f0 = rng.uniform(210, 290) if label == 1 else rng.uniform(100, 160)
    n_harm = 6 if label == 1 else 2
    x = sum(np.sin(2 * np.pi * f0 * k * t + rng.uniform(0, 6.28)) / k for k in range(1, n_harm + 1))
    x = x * rng.uniform(0.05, 0.6) + rng.normal(0, 0.02, N_SAMPLES) + rng.uniform(-0.1, 0.1)
    return np.clip(x * 32767, -32768, 32767).astype(np.int16)


labels = rng.integers(0, 2, N_CLIPS)
pcm = [synth_clip(l) for l in labels]


class ClipDataset(Dataset):
    def __init__(self, clips, labels):
        self.clips, self.labels = clips, labels

    def __len__(self):
        return len(self.clips)

    def __getitem__(self, idx):
        wav = self.clips[idx].astype(np.float32)
        wav = (wav - wav.mean()) / (wav.std() + 1e-12)
        return torch.from_numpy(wav).unsqueeze(0), int(self.labels[idx])


class WavCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(1, 16, kernel_size=41, stride=4), nn.ReLU(),
            nn.Conv1d(16, 32, kernel_size=15, stride=4), nn.ReLU(),
            nn.AdaptiveAvgPool1d(1))
        self.head = nn.Linear(32, 2)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))


def train(model, loader, epochs=8):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    for ep in range(epochs):
        total = 0.0
        for wav, y in loader:
            opt.zero_grad()
            loss = loss_fn(model(wav), y)
            loss.backward()
            opt.step()
            total += loss.item()
        if ep % 4 == 0:
            print(f"epoch {ep} loss {total / len(loader):.4f}")


ds = ClipDataset(pcm, labels)
model = WavCNN()
train(model, DataLoader(ds, batch_size=32, shuffle=True))

with torch.no_grad():
    xs = torch.stack([ds[i][0] for i in range(len(ds))])
    pred = model(xs).argmax(1).numpy()
acc = float(np.mean(pred == labels))
print(f"RESULT acc={acc:.3f}")
