# Rebuilt from: https://discuss.pytorch.org/t/it-seems-my-cnn-model-does-not-train/22044
# Report: End-to-end CNN on 40 ms raw audio frames (640 samples at 16 kHz) predicting arousal and
#   valence, trained with 1 - CCC; the loss stayed around 1. The code slices prediction[:, i] and
#   ground_truth[:, i] per dimension; the reply suggested first overfitting a single mini-batch.
# Not a bug (a look-alike that must stay silent): prediction is (B, 2) and ground_truth is (B, 2), so
#   the per-dimension slices are both (B,) and the hand-written CCC compares equal shapes; the audio
#   frames are float samples already in [-1, 1].
# Our own code, written after the report (not copied from it); frames synthesized in the script.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(5)
torch.manual_seed(5)
torch.set_num_threads(1)

SR, FRAME = 16000, 640


class AudioFrames(Dataset):
    def __init__(self, n=480):
        t = np.arange(FRAME) / SR
        self.audio, self.landmark = [], []
        for _ in range(n):
            arousal = np.random.uniform(-1, 1)
            valence = np.random.uniform(-1, 1)
            amp = 0.05 + 0.4 * (arousal + 1) / 2
            low = (1 - valence) / 2 * np.sin(2 * np.pi * np.random.uniform(150, 300) * t)
            high = (1 + valence) / 2 * np.sin(2 * np.pi * np.random.uniform(2500, 4000) * t)
            x = amp * (low + high) + 0.01 * np.random.randn(FRAME)
            self.audio.append(x.astype(np.float32))
            self.landmark.append(np.array([arousal, valence], dtype=np.float32))

    def __len__(self):
        return len(self.audio)

    def __getitem__(self, idx):
        return {"audio": torch.from_numpy(self.audio[idx]).unsqueeze(0),
                "landmark": torch.from_numpy(self.landmark[idx])}


def ccc(pred, gt):
    pm, gm = pred.mean(), gt.mean()
    pv, gv = pred.var(unbiased=False), gt.var(unbiased=False)
    cov = ((pred - pm) * (gt - gm)).mean()
    return 2 * cov / (pv + gv + (pm - gm) ** 2)


def criterion1(pred, gt):
    return 1 - ccc(pred, gt)


model = nn.Sequential(
    nn.Conv1d(1, 16, kernel_size=16, stride=2), nn.ReLU(),
    nn.Conv1d(16, 32, kernel_size=8, stride=2), nn.ReLU(),
    nn.AdaptiveAvgPool1d(1), nn.Flatten(),
    nn.Linear(32, 2),
)
dataset = AudioFrames()
train_loader = DataLoader(dataset, batch_size=32, shuffle=True)
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

for epoch in range(15):
    for i_batch, sample_batched in enumerate(train_loader):
        ground_truth, audio = sample_batched["landmark"], sample_batched["audio"]
        prediction = model(audio)
        ccc_mean = 0
        for i, name in enumerate(["arousal", "valence"]):
            gt_single = ground_truth[:, i].float()
            pred_single = prediction[:, i]
            ccc_mean += criterion1(pred_single, gt_single)
        optimizer.zero_grad()
        (ccc_mean / 2).backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch}: 1-CCC {(ccc_mean / 2).item():.4f}")

with torch.no_grad():
    A = torch.stack([torch.from_numpy(a) for a in dataset.audio]).unsqueeze(1)
    G = torch.from_numpy(np.stack(dataset.landmark))
    P = model(A)
    r2 = 1 - ((P - G) ** 2).mean(0) / G.var(0, unbiased=False)
print("per-dimension r2 (arousal, valence):", r2.tolist())
print(f"RESULT r2={r2.mean().item():.3f}")
