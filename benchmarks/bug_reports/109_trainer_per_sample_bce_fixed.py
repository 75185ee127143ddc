# Rebuilt from: https://cloud.tencent.com.cn/developer/article/2566055
# Report: a binary classifier trained fine with batch=1 but with batch>=8 the loss stayed ~0.69 / diverged;
#   printing the per-sample loss (reduction='none') showed a [B, B] matrix instead of [B]: logits were
#   [B, 1] and labels [B], and broadcasting mixed "cross-sample" terms into the gradient.
# Fixed twin of 109_trainer_per_sample_bce.py: labels are reshaped to the logits' shape
#   (labels.float().view_as(logits)) before the per-sample loss, so it is [B, 1].
# Our own code, written after the report (not copied from it); the per-sample BCE is written by hand.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

np.random.seed(0); torch.manual_seed(0); torch.set_num_threads(1)

class ReviewFeatures(Dataset):
    """Bag-of-words style features for positive/negative reviews (synthetic)."""
    def __init__(self, n=1200, d=40):
        w = np.random.randn(d)
        self.x = np.random.rand(n, d).astype(np.float32) * (np.random.rand(n, d) < 0.3)
        score = (self.x - self.x.mean(0)) @ w
        self.y = (score > 0).astype(np.float32)
    def __len__(self):
        return len(self.y)
    def __getitem__(self, i):
        return torch.from_numpy(self.x[i]), self.y[i]          # label is a numpy scalar

def bce_with_logits_per_sample(logits, labels):
    # numerically stable log(1 + exp(z)) - y * z, one value per sample (like reduction='none')
    return F.softplus(logits) - labels * logits

class Trainer:
    def __init__(self, model, lr=1e-2):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
    def step(self, x, labels):
        logits = self.model(x)                                   # [B, 1]
        loss_per = bce_with_logits_per_sample(logits, labels.float().view_as(logits))
        loss = loss_per.mean()
        self.opt.zero_grad(); loss.backward(); self.opt.step()
        return loss.item()
    def fit(self, loader, epochs):
        for ep in range(epochs):
            losses = [self.step(x, y) for x, y in loader]
            print(f"epoch {ep} loss {np.mean(losses):.4f}")
    @torch.no_grad()
    def accuracy(self, dataset):
        x = torch.from_numpy(dataset.x); y = torch.from_numpy(dataset.y)
        pred = (self.model(x).squeeze(1) > 0).float()
        return (pred == y).float().mean().item()

ds = ReviewFeatures()
loader = DataLoader(ds, batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(40, 64), nn.ReLU(), nn.Linear(64, 1))
trainer = Trainer(model)
trainer.fit(loader, epochs=8)
print(f"RESULT acc={trainer.accuracy(ds):.3f}")
