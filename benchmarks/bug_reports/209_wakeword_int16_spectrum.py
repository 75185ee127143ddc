# Rebuilt from: https://github.com/dscripka/openWakeWord/issues/295
# Report: In the wake-word training/inference pipeline the audio stays int16 (values up to +-32767) when the
#   spectrogram features are computed; the reporter points out that spectrogram front-ends expect float32 audio
#   in [-1, 1] (divide by 32768) and that raw int16 scales the spectral energies wrongly and hurts training stability.
# Bug (planted: TL002): frame_features() takes the FFT magnitudes of the raw int16 samples, so the MLP inputs are
#   in the thousands; the classifier is trained on them with plain SGD.
# Our own code, written after the report (not copied from it); clips are synthesized in memory as int16 PCM.
import numpy as np
import torch
import torch.nn as nn

np.random.seed(1)
torch.manual_seed(1)
SR, CLIP, N_FFT, HOP = 16000, 4000, 256, 128


def make_clip(has_word):
    t = np.arange(CLIP) / SR
    audio = np.random.normal(0, np.random.uniform(0.01, 0.05), CLIP)          # room noise
    audio += np.random.uniform(0.0, 0.3) * np.sin(2 * np.pi * np.random.uniform(150, 3000) * t)  # distractor tone
    if has_word:                                                              # rising chirp = "the wake word"
        start = np.random.randint(0, CLIP // 2)
        n = CLIP // 2
        tt = np.arange(n) / SR
        chirp = np.sin(2 * np.pi * (600 * tt + 0.5 * 9000 * tt ** 2)) * np.hanning(n)
        audio[start:start + n] += np.random.uniform(0.2, 0.8) * chirp
    return np.clip(audio * 32767, -32768, 32767).astype(np.int16)


def frame_features(pcm):
    """Mean FFT magnitude per bin over the frames of the clip (linear, no log)."""
    x = pcm.astype(np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(x, N_FFT)[::HOP] * np.hanning(N_FFT)
    mag = np.abs(np.fft.rfft(frames, axis=1)) / N_FFT
    return np.concatenate([mag.mean(0), mag.max(0)]).astype(np.float32)


labels = np.random.randint(0, 2, 400)
X = torch.tensor(np.stack([frame_features(make_clip(l)) for l in labels]))
y = torch.tensor(labels, dtype=torch.long)

model = nn.Sequential(nn.Linear(X.shape[1], 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

batch = 32
for epoch in range(25):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), batch):
        idx = perm[i:i + batch]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
