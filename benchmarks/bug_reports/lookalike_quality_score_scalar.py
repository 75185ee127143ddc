# Rebuilt from: https://github.com/lllllllllllll-llll/NSSADNN_IQA/issues/1
# Report: training warns "using a target size (torch.Size([1])) that is different
#   to input size (torch.Size([]))"; the author ran the code without trouble.
# Not a bug (a look-alike that must stay silent): one image per step, its patch
#   scores averaged to a 0-d prediction against a (1,) score. Broadcasting () with
#   (1,) gives (1,): the same single difference, the same loss and gradient.
# Our own code, written after the report (not copied from it).
import torch
import torch.nn as nn

torch.manual_seed(0)
n_images, n_patches = 200, 8
patches = torch.randn(n_images, n_patches, 3, 8, 8)
scores = patches.mean(dim=(1, 2, 3, 4)) * 10


class PatchQuality(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.score = nn.Linear(8, 1)

    def forward(self, image_patches):
        return self.score(self.features(image_patches)).mean()


model = PatchQuality()
criterion = nn.L1Loss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(5):
    for index in range(n_images):
        mos = torch.tensor([scores[index].item()])
        loss = criterion(model(patches[index]), mos)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = torch.stack([model(patches[i]) for i in range(n_images)])
    r2 = 1 - ((pred - scores) ** 2).mean() / scores.var()
print(f"RESULT r2={r2.item():.3f}")
