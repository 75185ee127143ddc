# Rebuilt from: https://github.com/dohlee/chromoformer/issues/7
# Report: Training the Chromoformer regressor (histone-mark signals around the TSS -> log2 RPKM expression)
#   gave train predictions all stuck near ~1.17 while labels ranged 0..10; r2 and r stayed poor.
#   Maintainer's fix (commit "fix bugs in loss configuration when training regressor") reshaped the label.
# Bug (planted: TL001): model output is (B, 1) but d["label"] from the Dataset is (B,); nn.MSELoss(out, d["label"])
#   broadcasts to (B, B), so the network only learns the batch mean.
# Our own code, written after the report (not copied from it); synthetic histone-mark bins generated in-script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

MARKS = ["H3K4me1", "H3K4me3", "H3K9me3", "H3K27me3", "H3K36me3", "H3K27ac", "H3K9ac"]
N_GENES, N_BINS = 400, 40


def make_signals():
    """log2(RPKM+1)-style binned signal for 7 marks, and a log2 RPKM expression label."""
    act = np.random.rand(N_GENES)  # latent 'activity' of each gene
    x = np.zeros((N_GENES, len(MARKS), N_BINS), dtype=np.float32)
    prof = np.exp(-0.5 * ((np.arange(N_BINS) - N_BINS / 2) / 4.0) ** 2)
    for m, name in enumerate(MARKS):
        sign = -1.0 if name in ("H3K9me3", "H3K27me3") else 1.0
        level = 1.5 + sign * 1.2 * (act - 0.5) + 0.3 * np.random.randn(N_GENES)
        x[:, m, :] = np.clip(level[:, None] * (0.5 + prof[None, :]) + 0.2 * np.random.randn(N_GENES, N_BINS), 0, None)
    expr = 10.0 * act ** 1.5 + 0.4 * np.random.randn(N_GENES)
    return x, np.clip(expr, 0, None).astype(np.float32)


class HistoneDataset(Dataset):
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return {"x_p": torch.tensor(self.x[i]), "label": torch.tensor(self.y[i])}


class TinyChromoReg(nn.Module):
    def __init__(self, n_feats=7):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv1d(n_feats, 32, 5, padding=2), nn.ReLU(), nn.AdaptiveAvgPool1d(4))
        self.fc_head = nn.Sequential(nn.Flatten(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, x_p):
        return self.fc_head(self.conv(x_p))


x, y = make_signals()
loader = DataLoader(HistoneDataset(x, y), batch_size=64, shuffle=True)
model = TinyChromoReg()
criterion = nn.MSELoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)

for epoch in range(1, 26):
    running = 0.0
    for d in loader:
        optimizer.zero_grad()
        out = model(d["x_p"])
        loss = criterion(out, d["label"])
        loss.backward()
        optimizer.step()
        running += loss.item()
    if epoch % 5 == 0:
        print(f"E{epoch} loss={running / len(loader):.4f}")

with torch.no_grad():
    pred = model(torch.tensor(x)).view(-1)
    yt = torch.tensor(y)
    print("train_pred", pred[:6])
    print("train_label", yt[:6])
    r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
