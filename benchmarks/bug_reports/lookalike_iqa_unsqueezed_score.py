# Rebuilt from: https://github.com/chaofengc/IQA-PyTorch/issues/183
# Report: the reporter thought `return results.unsqueeze(-1)` at the end of HyperNet.forward gives a
#   score shape that does not match the labels; the maintainer answered the (B, C) output shape is
#   deliberate and aligns with the mos shape coming out of the PyTorch datasets.
# Not a bug (a look-alike that must stay silent): the dataset returns mos as a 1-element tensor, so the
#   batched label is (B, 1), exactly the (B, 1) shape of the unsqueezed prediction used in the L1 loss.
# Our own code, written after the report (not copied from it); images and MOS scores are synthetic.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(0); torch.manual_seed(0); torch.set_num_threads(1)

class NoisyPatchIQA(Dataset):
    def __init__(self, n=600):
        self.noise = np.random.uniform(0.0, 1.0, n).astype(np.float32)
        base = np.random.rand(n, 1, 16, 16).astype(np.float32) * 0.3
        self.imgs = base + self.noise[:, None, None, None] * np.random.randn(n, 1, 16, 16).astype(np.float32)
        self.mos = 5.0 - 4.0 * self.noise                        # clean patches get high MOS
    def __len__(self):
        return len(self.mos)
    def __getitem__(self, idx):
        return {'img': torch.from_numpy(self.imgs[idx]), 'mos_label': torch.tensor([self.mos[idx]])}

class TinyHyperNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.target_net = nn.Sequential(nn.Flatten(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
    def forward(self, x):
        results = self.target_net(self.features(x)).squeeze(-1)   # (B,)
        return results.unsqueeze(-1)                              # (B, 1), as in the report

ds = NoisyPatchIQA()
loader = DataLoader(ds, batch_size=32, shuffle=True)
net = TinyHyperNet()
criterion = nn.L1Loss()
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
for epoch in range(10):
    for batch in loader:
        pred = net(batch['img'])
        loss = criterion(pred, batch['mos_label'])
        optimizer.zero_grad(); loss.backward(); optimizer.step()

with torch.no_grad():
    pred = net(torch.from_numpy(ds.imgs)).squeeze(-1)
    y = torch.from_numpy(ds.mos)
    r2 = 1 - ((pred - y) ** 2).mean().item() / y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
