# Rebuilt from: https://github.com/TomAIDD/NaFM-Official/issues/5
# Report: After fine-tuning on an AChE pIC50 set, regression predictions stayed in a compressed range around 5.8.
#   Maintainer: the training/inference procedure itself seems to have run correctly; direct pIC50 regression
#   optimised for MSE tends to give a compressed numerical range, and ranking metrics suit screening better.
# Not a bug (a look-alike that must stay silent): the inputs are 0/1 Morgan-fingerprint bits (already unit scale,
#   no StandardScaler needed) and the pIC50 target around 5-8 is left unscaled; output (B,1) is compared with a
#   (B,1) target built with .view(-1, 1) in the Dataset, so shapes match.
# Our own code, written after the report (not copied from it); synthetic fingerprints generated in-script
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.model_selection import train_test_split

np.random.seed(11)
torch.manual_seed(11)
torch.set_num_threads(1)

N_MOLS, N_BITS = 500, 256


def make_library():
    fp = (np.random.rand(N_MOLS, N_BITS) < 0.08).astype(np.float32)
    w = np.zeros(N_BITS)
    active_bits = np.random.choice(N_BITS, 25, replace=False)
    w[active_bits] = np.random.normal(0, 0.6, 25)
    pic50 = 5.8 + fp @ w + np.random.normal(0, 0.3, N_MOLS)
    return fp, pic50.astype(np.float32)


class FingerprintSet(Dataset):
    def __init__(self, fp, y):
        self.fp = torch.from_numpy(fp)
        self.y = torch.from_numpy(y).view(-1, 1)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.fp[i], self.y[i]


fp, pic50 = make_library()
fp_tr, fp_te, y_tr, y_te = train_test_split(fp, pic50, test_size=0.2, random_state=0)
train_ds = FingerprintSet(fp_tr, y_tr)
loader = DataLoader(train_ds, batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(N_BITS, 128), nn.ReLU(), nn.Dropout(0.1), nn.Linear(128, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
loss_fn = nn.MSELoss()
for epoch in range(40):
    model.train()
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()

model.eval()
with torch.no_grad():
    pred = model(train_ds.fp)
    y = train_ds.y
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
    print("pred range", pred.min().item(), pred.max().item(), "label range", y.min().item(), y.max().item())
print(f"RESULT r2={r2.item():.3f}")
