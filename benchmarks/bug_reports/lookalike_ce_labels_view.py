# Rebuilt from: https://github.com/Sllambias/asparagus/pull/5
# Report: with batch_size=1 smoke tests, labels.squeeze() turned a [1, 1] label tensor into a scalar and
#   CrossEntropyLoss failed with a batch-size mismatch; the PR switches to labels.view(-1) so labels stay [B].
# Not a bug (a look-alike that must stay silent): logits are [B, C] and labels are [B] after view(-1); that is
#   exactly the shape pair CrossEntropyLoss expects (class indices), not an elementwise-loss broadcast.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)

N_CLASSES = 4
centers = rng.normal(0, 3, (N_CLASSES, 16))
labels_np = rng.integers(0, N_CLASSES, 600)
feats_np = (centers[labels_np] + rng.normal(0, 1.0, (600, 16))).astype(np.float32)


class PatchDataset(Dataset):
    def __len__(self):
        return len(labels_np)

    def __getitem__(self, i):
        # label stored as a [1] tensor, like a per-case label file
        return torch.from_numpy(feats_np[i]), torch.tensor([labels_np[i]])


loader = DataLoader(PatchDataset(), batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, N_CLASSES))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(5):
    for x, y in loader:
        logits = model(x)                 # [B, C]
        loss = loss_fn(logits, y.view(-1))  # labels [B, 1] -> [B]
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(epoch, loss.item())

with torch.no_grad():
    pred = model(torch.from_numpy(feats_np)).argmax(1).numpy()
print(f"RESULT acc={(pred == labels_np).mean():.3f}")
