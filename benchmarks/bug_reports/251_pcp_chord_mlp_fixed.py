# Rebuilt from: https://dsp.stackexchange.com/questions/14003/normalizing-a-spectrogram-or-a-pitch-class-profile
# Report: Chord recognition with a neural network fed a 12-bin pitch class profile (PCP) built from
#   the spectrum; the PCP values range from ~10 to a million or a trillion while the network wants
#   inputs in [-1, 1]. Answer: use each bin's relative energy (bin / total energy), times 2 minus 1.
# Fixed twin of 251_pcp_chord_mlp.py: PCP turned into relative energy (bin / total) * 2 - 1 before the MLP
# Our own code, written after the report (not copied from it); chords synthesized in the script.
import numpy as np
import torch
import torch.nn as nn

np.random.seed(1)
torch.manual_seed(1)
torch.set_num_threads(1)

FS, N = 8000, 2048
NOTE_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
CHORDS = {"C": [0, 4, 7], "F": [5, 9, 0], "G": [7, 11, 2], "Am": [9, 0, 4], "Dm": [2, 5, 9], "Em": [4, 7, 11]}


def synth_chord(pitch_classes):
    t = np.arange(N) / FS
    loudness = 10 ** np.random.uniform(0.0, 4.0)  # recordings at wildly different gains
    x = np.zeros(N)
    for pc in pitch_classes:
        octave = np.random.randint(3, 6)
        f0 = 440.0 * 2 ** ((pc - 9) / 12 + (octave - 4))
        for h in range(1, 4):
            x += (0.6 ** h) * np.sin(2 * np.pi * f0 * h * t + np.random.rand() * 6)
    x += 0.3 * np.random.randn(N)
    return loudness * x


FREQS = np.fft.rfftfreq(N, 1 / FS)
PC_MAP = np.zeros((len(FREQS), 12))  # which pitch class each FFT bin falls into
for k in range(1, len(FREQS)):
    if 60 < FREQS[k] < 3000:
        pc = int(np.round(12 * np.log2(FREQS[k] / 440.0))) % 12
        PC_MAP[k, (pc + 9) % 12] = 1.0


def pitch_class_profile(x):
    spec = np.abs(np.fft.rfft(x * np.hanning(N))) ** 2
    return spec @ PC_MAP


names = list(CHORDS)
pcp_raw, labels = [], []
for i in range(480):
    c = np.random.randint(len(names))
    pcp_raw.append(pitch_class_profile(synth_chord(CHORDS[names[c]])))
    labels.append(c)
pcp_raw = np.array(pcp_raw)
labels = np.array(labels)
print("PCP value range:", pcp_raw.min(), pcp_raw.max())

pcp_rel = pcp_raw / pcp_raw.sum(axis=1, keepdims=True) * 2 - 1
X = torch.tensor(pcp_rel, dtype=torch.float32)
y = torch.tensor(labels, dtype=torch.long)


class ChordNet(nn.Module):
    def __init__(self, n_in=12, n_hidden=32, n_out=6):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))


net = ChordNet()
opt = torch.optim.SGD(net.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()

batch = 32
for epoch in range(100):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), batch):
        idx = perm[i:i + batch]
        opt.zero_grad()
        loss = loss_fn(net(X[idx]), y[idx])
        loss.backward()
        opt.step()
    if epoch % 30 == 0:
        print(f"epoch {epoch}: loss {loss.item():.4f}")

with torch.no_grad():
    acc = (net(X).argmax(1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
