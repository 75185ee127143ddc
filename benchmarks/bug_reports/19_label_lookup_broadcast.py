# Rebuilt from: https://github.com/mlcommons/GaNDLF/issues/134
# Report: Regression training in the test suite (pytest, 2 predictions per batch) printed "Using a target size (torch.Size([1])) that
#   is different to the input size (torch.Size([2]))" and the maintainers labelled it a bug "causing issues
#   with regression"; the per-batch regression target did not have one value per subject.
# Bug (planted: TL001): in train_epoch() the label is looked up only for batch["subject_id"][0] (code
#   written for batch_size=1) giving shape (1,), while the model outputs (2,); F.mse_loss broadcasts the
#   first subject's value onto both predictions of the pair.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)


def make_subjects(n=240, size=16):
    """Synthetic 'scans': a bright blob on noise; value_0 is the blob's volume in ml."""
    yy, xx = np.mgrid[0:size, 0:size]
    images, rows = [], []
    for i in range(n):
        r = np.random.uniform(1.5, 6.0)
        cy, cx = np.random.uniform(5, size - 5, 2)
        blob = ((yy - cy) ** 2 + (xx - cx) ** 2 <= r ** 2).astype(np.float32)
        img = 0.8 * blob + np.random.normal(0, 0.15, (size, size)).astype(np.float32)
        images.append(img[None])
        rows.append({"subject_id": f"sub-{i:03d}", "value_0": blob.sum() * 0.12})
    return np.stack(images), pd.DataFrame(rows).set_index("subject_id")


class ScanDataset(Dataset):
    def __init__(self, images, ids):
        self.images, self.ids = images, ids

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, idx):
        return {"image": torch.from_numpy(self.images[idx]), "subject_id": self.ids[idx]}


class SmallRegressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = x.mean(dim=(2, 3))
        return self.head(x)


def train_epoch(model, loader, optimizer, labels_df):
    model.train()
    for batch in loader:
        label = torch.tensor([labels_df.loc[batch["subject_id"][0], "value_0"]], dtype=torch.float32)
        output = model(batch["image"]).view(-1)
        loss = F.mse_loss(output, label)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


images, labels_df = make_subjects()
ids = list(labels_df.index)
loader = DataLoader(ScanDataset(images, ids), batch_size=2, shuffle=True)
model = SmallRegressor()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
for epoch in range(8):
    train_epoch(model, loader, optimizer, labels_df)

with torch.no_grad():
    pred = model(torch.from_numpy(images)).view(-1)
    y = torch.tensor(labels_df["value_0"].values, dtype=torch.float32)
    r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
