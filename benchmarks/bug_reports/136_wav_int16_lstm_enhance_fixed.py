# Rebuilt from: https://github.com/JusperLee/Dual-Path-RNN-Pytorch/issues/16
# Report: training a dual-path RNN on wav mixtures; the user read the files with scipy, which returns
#   int16 samples ("value is typically around a couple hundred" and up to +-32767), and the loss went
#   to NaN at some point. Maintainer: the audio should be float in [-1, 1]; divide the ints by 2**15.
# Fixed twin of 136_wav_int16_lstm_enhance.py: AudioPairs.load divides the int16 samples by 2**15
#   (32768), giving floats in [-1, 1] as the maintainer said.
# Our own code, written after the report (not copied from it); data: wavs/ from make_wavs.py
import glob
import numpy as np
import torch
import torch.nn as nn
from scipy.io import wavfile
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
np.random.seed(0)
FRAME = 20


class AudioPairs(Dataset):
    def __init__(self, folder):
        self.noisy = sorted(glob.glob(f"{folder}/noisy_*.wav"))
        self.clean = sorted(glob.glob(f"{folder}/clean_*.wav"))

    def __len__(self):
        return len(self.noisy)

    def load(self, path):
        sr, data = wavfile.read(path)  # int16
        x = torch.from_numpy(data.astype(np.float32) / 32768.0)
        return x.view(-1, FRAME)  # (n_frames, FRAME)

    def __getitem__(self, idx):
        return self.load(self.noisy[idx]), self.load(self.clean[idx])


class FrameLSTM(nn.Module):
    def __init__(self, hidden=64):
        super().__init__()
        self.rnn = nn.LSTM(FRAME, hidden, batch_first=True, bidirectional=True)
        self.proj = nn.Linear(2 * hidden, FRAME)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.proj(h)


def train(model, loader, epochs, lr=1e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        for noisy, clean in loader:
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(noisy), clean)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
        if epoch % 10 == 0:
            print(f"epoch {epoch} loss {loss.item():.5g}")


ds = AudioPairs("wavs")
loader = DataLoader(ds, batch_size=8, shuffle=True)
model = FrameLSTM()
train(model, loader, epochs=40)

model.eval()
with torch.no_grad():
    noisy = torch.stack([ds[i][0] for i in range(len(ds))])
    clean = torch.stack([ds[i][1] for i in range(len(ds))])
    pred = model(noisy)
r2 = 1 - torch.mean((pred - clean) ** 2) / torch.var(clean, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
