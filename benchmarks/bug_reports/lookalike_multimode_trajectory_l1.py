# Rebuilt from: https://github.com/hustvl/DiffusionDriveV2/issues/29
# Report: training warns "Using a target size (torch.Size([64, 1, 8, 3])) that is
#   different to the input size (torch.Size([64, 80, 8, 3]))" at
#   `F.l1_loss(diffusion_output, target_traj)`; asked whether it is normal.
# Not a bug (a look-alike that must stay silent): each of the K predicted
#   trajectories is compared with the one ground-truth trajectory; the target
#   broadcasts along the modes, the result keeps the prediction's shape.
# Our own code, written after the report (not copied from it).
import torch
import torch.nn as nn
import torch.nn.functional as F

MODES, STEPS = 6, 8
torch.manual_seed(0)
scenes = torch.randn(256, 10)
paths = torch.cumsum(scenes[:, :2].unsqueeze(1).expand(256, STEPS, 2), dim=1)
target_traj = torch.cat([paths, torch.zeros(256, STEPS, 1)], dim=2).unsqueeze(1)


class Planner(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, MODES * STEPS * 3))

    def forward(self, scene):
        return self.net(scene).view(-1, MODES, STEPS, 3)


planner = Planner()
optimizer = torch.optim.Adam(planner.parameters(), lr=1e-3)
for epoch in range(40):
    for i in range(0, 256, 64):
        output = planner(scenes[i:i + 64])
        trajectory_loss = F.l1_loss(output, target_traj[i:i + 64])
        optimizer.zero_grad()
        trajectory_loss.backward()
        optimizer.step()

with torch.no_grad():
    best = planner(scenes).mean(dim=1)
    truth = target_traj.squeeze(1)
    r2 = 1 - ((best - truth) ** 2).mean() / truth.var()
print(f"RESULT r2={r2.item():.3f}")
