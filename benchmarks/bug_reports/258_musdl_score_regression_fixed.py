# Rebuilt from: https://github.com/nzl-thu/MUSDL/issues/3
# Report: Reporter switched the MUSDL/USDL action-quality evaluator from a 101-bin score distribution to plain
#   regression (output_dim 1, softmax removed, MSELoss/SmoothL1Loss against data['final_score']). Training runs,
#   but "all outputs are around 70" (the mean judge score) and results are terrible with both losses.
# Fixed twin of 258_musdl_score_regression.py: preds squeezed to (B,) (preds = evaluator(...).squeeze(-1)) so loss pairs each clip with its own score
# Our own code, written after the report (not copied from it); synthetic "I3D clip features" generated in the script.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

N_VIDEOS, N_CLIPS, FEAT_DIM = 256, 10, 64


class DiveDataset(Dataset):
    """Each sample: 10 clip features of one dive plus its final score (~40..100)."""
    def __init__(self):
        rng = np.random.RandomState(1)
        video = rng.rand(N_VIDEOS, 1, FEAT_DIM)
        self.feats = np.clip(video + 0.1 * rng.randn(N_VIDEOS, N_CLIPS, FEAT_DIM), 0, None).astype(np.float32)
        w = rng.randn(FEAT_DIM) * 0.4
        quality = (video[:, 0] - 0.5) @ w
        self.scores = (70 + 12 * np.tanh(quality) + rng.randn(N_VIDEOS)).astype(np.float32)

    def __len__(self):
        return N_VIDEOS

    def __getitem__(self, idx):
        return {'clip_feats': torch.from_numpy(self.feats[idx]), 'final_score': self.scores[idx]}


class Evaluator(nn.Module):
    def __init__(self, in_dim=FEAT_DIM, output_dim=1):
        super().__init__()
        self.layer1 = nn.Linear(in_dim, 64)
        self.layer2 = nn.Linear(64, 32)
        self.layer3 = nn.Linear(32, output_dim)

    def forward(self, x):
        x = torch.relu(self.layer1(x))
        x = torch.relu(self.layer2(x))
        output = self.layer3(x)          # softmax removed for regression
        return output


def run_net(split, loader, evaluator, criterion, optimizer=None):
    pred_scores, true_scores, losses = [], [], []
    evaluator.train(split == 'train')
    for data in loader:
        clip_feats = data['clip_feats']
        preds = evaluator(clip_feats.mean(1)).float().squeeze(-1)
        pred_scores.extend([i.item() for i in preds])
        target = torch.tensor(data['final_score']).float()
        true_scores.extend(target.tolist())
        if split == 'train':
            loss = criterion(preds, target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return np.array(pred_scores), np.array(true_scores), np.mean(losses) if losses else float('nan')


dataset = DiveDataset()
train_loader = DataLoader(dataset, batch_size=32, shuffle=True)
test_loader = DataLoader(dataset, batch_size=64, shuffle=False)
evaluator = Evaluator()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(evaluator.parameters(), lr=1e-2)

for epoch in range(35):
    _, _, tr_loss = run_net('train', train_loader, evaluator, criterion, optimizer)
    if epoch % 10 == 0:
        print(f"epoch {epoch} train loss {tr_loss:.3f}")

with torch.no_grad():
    pred, true, _ = run_net('test', test_loader, evaluator, criterion)
print(f"pred range {pred.min():.1f}..{pred.max():.1f}, true range {true.min():.1f}..{true.max():.1f}")
r2 = 1 - np.mean((pred - true) ** 2) / np.var(true)
print(f"RESULT r2={r2:.3f}")
