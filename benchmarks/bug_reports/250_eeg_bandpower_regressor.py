# Rebuilt from: https://github.com/braindecode/braindecode/issues/136
# Report: Turning an EEG classifier into a regressor (EEGRegressor, MSELoss) by dropping the softmax
#   module from the nn.Sequential; training then printed "UserWarning: Using a target size
#   (torch.Size([32])) that is different to the input size (torch.Size([32, ...]))" and the
#   reporter did not know how to reshape the network output for the loss.
# Bug (planted: TL001): the regression head ends in Linear(..., 1) so the model returns (B, 1)
#   while the Dataset yields scalar targets, batched to (B,); MSELoss broadcasts to (B, B) in fit().
# Our own code, written after the report (not copied from it); synthetic EEG generated in the script.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

SFREQ, N_CH, N_SAMP = 128, 8, 256
BANDS = {"delta": (1, 4), "theta": (4, 8), "alpha": (8, 13), "beta": (13, 30)}


def make_windows(n_windows=480):
    """Fake EEG windows whose alpha/beta content depends on a continuous score."""
    t = np.arange(N_SAMP) / SFREQ
    score = np.random.uniform(0, 1, n_windows)
    X = np.zeros((n_windows, N_CH, N_SAMP))
    for i in range(n_windows):
        pink = np.cumsum(np.random.randn(N_CH, N_SAMP), axis=1) * 0.3
        alpha = (0.5 + 3.0 * score[i]) * np.sin(2 * np.pi * 10.5 * t + np.random.rand(N_CH, 1) * 6)
        beta = (2.5 - 2.0 * score[i]) * np.sin(2 * np.pi * 21 * t + np.random.rand(N_CH, 1) * 6)
        X[i] = (pink + alpha + beta + np.random.randn(N_CH, N_SAMP)) * 1e-5  # volts
    return X, score


def band_power_features(X):
    freqs = np.fft.rfftfreq(N_SAMP, 1 / SFREQ)
    psd = np.abs(np.fft.rfft(X, axis=-1)) ** 2 / N_SAMP
    feats = [np.log10(psd[..., (freqs >= lo) & (freqs < hi)].mean(-1)) for lo, hi in BANDS.values()]
    feats = np.concatenate(feats, axis=1)  # (n, 4 * N_CH)
    return (feats - feats.mean(0)) / feats.std(0)


class BandPowerDataset(Dataset):
    def __init__(self, feats, target):
        self.feats = feats.astype(np.float32)
        self.target = target.astype(np.float32)

    def __len__(self):
        return len(self.target)

    def __getitem__(self, idx):
        return torch.from_numpy(self.feats[idx]), torch.tensor(self.target[idx])


# classifier we started from, softmax removed for regression
classifier = nn.Sequential()
classifier.add_module("fc1", nn.Linear(4 * N_CH, 64))
classifier.add_module("elu", nn.ELU())
classifier.add_module("fc_out", nn.Linear(64, 1))
classifier.add_module("softmax", nn.LogSoftmax(dim=1))
model = nn.Sequential()
for name, module_ in classifier.named_children():
    if "softmax" in name:
        continue
    model.add_module(name, module_)


class Trainer:
    def __init__(self, model, lr=1e-3, weight_decay=0.0):
        self.model = model
        self.criterion = nn.MSELoss()
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)

    def fit(self, loader, n_epochs=40):
        for epoch in range(n_epochs):
            total = 0.0
            for xb, yb in loader:
                self.optimizer.zero_grad()
                pred = self.model(xb)
                loss = self.criterion(pred, yb)
                loss.backward()
                self.optimizer.step()
                total += loss.item() * len(yb)
            if epoch % 10 == 0:
                print(f"epoch {epoch:3d}  train mse {total / len(loader.dataset):.4f}")


X, score = make_windows()
feats = band_power_features(X)
train_set = BandPowerDataset(feats, score)
loader = DataLoader(train_set, batch_size=32, shuffle=True)

trainer = Trainer(model)
trainer.fit(loader)

with torch.no_grad():
    pred = model(torch.from_numpy(train_set.feats)).reshape(-1)
    y = torch.from_numpy(train_set.target)
    r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
