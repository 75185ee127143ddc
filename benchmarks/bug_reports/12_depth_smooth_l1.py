# Rebuilt from: https://github.com/jiwei0921/CoNet/issues/3
# Report: training warns "Using a target size (torch.Size([2, 256, 256])) that is
#   different to the input size (torch.Size([2, 1, 256, 256]))" at
#   `F.smooth_l1_loss(pred_depth, depth, reduction='sum')`; the maintainer's fix:
#   `target.unsqueeze(1)`.
# Bug (planted: TL001): a conv net predicts a (B, 1, H, W) depth map, the depth
#   targets are (B, H, W): the loss broadcasts to (B, B, H, W).
# Our own code, written after the report (not copied from it).
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
images = torch.rand(256, 3, 16, 16)
depth = F.avg_pool2d(images.mean(dim=1, keepdim=True), 3, stride=1, padding=1).squeeze(1)

net = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(),
    nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
    nn.Conv2d(16, 1, 3, padding=1),
)
optimizer = torch.optim.Adam(net.parameters(), lr=0.003)
for epoch in range(15):
    for i in range(0, len(images), 16):
        rgb = images[i:i + 16]
        target = depth[i:i + 16]
        pred_depth = net(rgb)
        loss = F.smooth_l1_loss(pred_depth, target, reduction="sum")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = net(images).reshape(-1)
    flat = depth.reshape(-1)
    r2 = 1 - ((pred - flat) ** 2).mean() / flat.var()
print(f"RESULT r2={r2.item():.3f}")
