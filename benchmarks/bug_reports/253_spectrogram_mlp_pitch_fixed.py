# Rebuilt from: https://dans.world/Spectrogram-input-normalisation-for-neural-networks/
# Report: Blog post on feeding STFT magnitude spectrograms to neural networks: the raw magnitudes
#   are mostly near zero with a few very large peaks, far from the zero-mean / unit-variance inputs
#   networks converge well with; the author compresses them with log(1 + x) and normalises them.
# Fixed twin of 253_spectrogram_mlp_pitch.py: frames_to_tensor() applies log(1 + x) and standardizes
# Our own code, written after the report (not copied from it); notes synthesized in the script.
import numpy as np
import torch
import torch.nn as nn

np.random.seed(4)
torch.manual_seed(4)
torch.set_num_threads(1)

SR, N_FFT, HOP, N_FRAMES = 8000, 256, 128, 16


def synth_note(midi):
    n = HOP * (N_FRAMES - 1) + N_FFT
    t = np.arange(n) / SR
    f0 = 440.0 * 2 ** ((midi - 69) / 12)
    level = 10 ** np.random.uniform(-0.5, 1.0)  # quiet to loud takes
    x = sum((0.7 ** h) * np.sin(2 * np.pi * f0 * h * t) for h in range(1, 6))
    x *= np.exp(-t * np.random.uniform(1, 6))
    return level * x + 0.01 * np.random.randn(n)


def magnitude_spectrogram(x):
    win = np.hanning(N_FFT)
    frames = np.stack([x[i * HOP:i * HOP + N_FFT] * win for i in range(N_FRAMES)])
    return np.abs(np.fft.rfft(frames, axis=1))  # (N_FRAMES, N_FFT // 2 + 1)


def frames_to_tensor(specs):
    S = np.log1p(np.stack(specs))
    S = (S - S.mean()) / S.std()
    return torch.tensor(S, dtype=torch.float32)


def load_data(n=500):
    midis = np.random.uniform(48, 84, n)
    specs = [magnitude_spectrogram(synth_note(m)) for m in midis]
    target = (midis - 66.0) / 10.0  # semitones around F#4, roughly unit scale
    return frames_to_tensor(specs), torch.tensor(target, dtype=torch.float32)


class PitchMLP(nn.Module):
    def __init__(self, n_in=N_FRAMES * (N_FFT // 2 + 1), hidden=64):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(n_in, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, x):
        return self.net(x).squeeze(-1)


X, y = load_data()
print("input range:", X.min().item(), X.max().item())
model = PitchMLP()
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.MSELoss()

for epoch in range(60):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 50):
        idx = perm[i:i + 50]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
    if epoch % 15 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X)
    r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
