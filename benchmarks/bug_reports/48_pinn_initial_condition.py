# Rebuilt from: https://github.com/Photon-AI-Research/NeuralSolvers/issues/20
# Report: training a PINN, InitialCondition.__call__ triggers "Using a target size
#   (torch.Size([batch_size])) that is different to the input size (torch.Size([batch_size, 1]))";
#   x is [batch_size, 3], the model output [batch_size, 1], the initial-state dataset gives [batch_size].
#   "Using prediction = model(x).reshape(-1) solves the problem."
# Bug (planted: TL001): InitialCondition.__call__ returns self.norm(model(x), gt_y) with model(x) (B, 1) and
#   gt_y (B,) from InitialStateDataset, so the initial state is fitted to its mean (all-pairs MSE).
# Our own code, written after the report (not copied from it); 2-D heat equation on the unit square.
import math
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
ALPHA = 0.05


class InitialStateDataset(Dataset):
    def __init__(self, n=1024):
        self.xy = torch.rand(n, 2)

    def __len__(self):
        return len(self.xy)

    def __getitem__(self, i):
        x, y = self.xy[i]
        u0 = torch.sin(math.pi * x) * torch.sin(math.pi * y)
        return torch.stack([x, y, torch.tensor(0.0)]), u0


class InitialCondition:
    def __init__(self, dataset, weight=1.0):
        self.loader = DataLoader(dataset, batch_size=128, shuffle=True)
        self.norm = nn.MSELoss()
        self.weight = weight

    def __call__(self, x, model, gt_y):
        prediction = model(x)
        return self.weight * self.norm(prediction, gt_y)


class PDELoss:
    def __init__(self, n=256):
        self.n = n

    def __call__(self, model):
        xyt = torch.rand(self.n, 3, requires_grad=True)
        u = model(xyt)
        g = torch.autograd.grad(u.sum(), xyt, create_graph=True)[0]
        u_xx = torch.autograd.grad(g[:, 0].sum(), xyt, create_graph=True)[0][:, 0]
        u_yy = torch.autograd.grad(g[:, 1].sum(), xyt, create_graph=True)[0][:, 1]
        residual = g[:, 2] - ALPHA * (u_xx + u_yy)
        return (residual ** 2).mean()


model = nn.Sequential(nn.Linear(3, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))
ic = InitialCondition(InitialStateDataset())
pde = PDELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

for epoch in range(40):
    for x0, u0 in ic.loader:
        optimizer.zero_grad()
        loss = ic(x0, model, u0) + 0.1 * pde(model)
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {loss.item():.5f}")

with torch.no_grad():
    pts = torch.stack([ic.loader.dataset[i][0] for i in range(len(ic.loader.dataset))])
    gt = torch.stack([ic.loader.dataset[i][1] for i in range(len(ic.loader.dataset))])
    pred = model(pts).reshape(-1)
    r2 = 1 - ((pred - gt) ** 2).mean() / gt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
