# Fixed twin of 03_squeezed_regression_head.py: the head keeps its (B, 1) logits, like the labels.
# Rebuilt from: https://github.com/deepset-ai/FARM/issues/229
# Report: a regression head (labels 0..16) trains with the warning "Using a target
#   size (torch.Size([32, 1])) that is different to the input size
#   (torch.Size([32]))"; the maintainers found the logits were squeezed while the
#   labels kept their column.
# The bug (TL001) of its twin, fixed here: the head returns (B,) and the labels, read as a one-column
#   frame, are (B, 1): MSELoss broadcasts to (B, B).
# Our own code, written after the report (not copied from it); essays.csv is a
# small made-up table beside this script.
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class RegressionHead(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_features, 32), nn.ReLU())
        self.out = nn.Linear(32, 1)

    def forward(self, features):
        logits = self.out(self.body(features))
        return logits


df = pd.read_csv("essays.csv")
features = torch.tensor(df[["length", "vocabulary", "errors", "cohesion"]].values, dtype=torch.float32)
labels = torch.tensor(df[["score"]].values, dtype=torch.float32)
loader = DataLoader(TensorDataset(features, labels), batch_size=32, shuffle=True)

torch.manual_seed(0)
head = RegressionHead(4)
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(head.parameters(), lr=0.01)
for epoch in range(60):
    for batch_features, batch_labels in loader:
        optimizer.zero_grad()
        loss = loss_fn(head(batch_features), batch_labels)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = head(features).reshape(-1)
    target = labels.reshape(-1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var()
print(f"RESULT r2={r2.item():.3f}")
