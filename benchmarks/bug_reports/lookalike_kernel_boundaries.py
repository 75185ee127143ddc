# Rebuilt from: https://github.com/sefibk/KernelGAN/issues/41
# Report: Running the kernel-estimation code prints "UserWarning: Using a target size (torch.Size([13])) that
#   is different to the input size (torch.Size([1, 1, 13, 13]))" from an L1 loss; the user asks why, although
#   everything runs and produces results.
# Not a bug (a look-alike that must stay silent): the warning comes from a boundaries-penalty loss class whose
#   label is an all-zeros vector; broadcasting zeros over the (1, 1, 13, 13) masked kernel gives the same mean
#   |kernel * mask| as a correctly shaped zero tensor, so the loss value and gradients are unchanged.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
np.random.seed(0)
K = 13


def create_penalty_mask(k_size, penalty_scale):
    center = (k_size - 1) / 2
    yy, xx = np.mgrid[0:k_size, 0:k_size]
    dist = np.sqrt((yy - center) ** 2 + (xx - center) ** 2)
    mask = 1 - np.exp(-(dist ** 2) / (2 * (k_size / 5) ** 2))
    return torch.tensor(penalty_scale * mask / mask.max(), dtype=torch.float32).view(1, 1, k_size, k_size)


class BoundariesLoss(nn.Module):
    """Push kernel values far from the center towards zero"""
    def __init__(self, k_size):
        super().__init__()
        self.mask = create_penalty_mask(k_size, 30)
        self.zero_label = torch.zeros(k_size)
        self.loss = nn.L1Loss()

    def forward(self, kernel):
        return self.loss(kernel * self.mask, self.zero_label)


def gaussian_kernel(k_size, sigma):
    ax = torch.arange(k_size, dtype=torch.float32) - (k_size - 1) / 2
    g = torch.exp(-(ax[:, None] ** 2 + ax[None, :] ** 2) / (2 * sigma ** 2))
    return (g / g.sum()).view(1, 1, k_size, k_size)


# sharp images and their blurred versions (the unknown degradation kernel)
sharp = torch.rand(6, 1, 40, 40)
sharp = F.avg_pool2d(sharp, 3, stride=1, padding=1)
true_k = gaussian_kernel(K, 1.6)
blurred = F.conv2d(sharp, true_k, padding=K // 2)

kernel = nn.Parameter(torch.full((1, 1, K, K), 1.0 / K ** 2))
boundaries = BoundariesLoss(K)
opt = torch.optim.Adam([kernel], lr=2e-3)
for it in range(400):
    opt.zero_grad()
    out = F.conv2d(sharp, kernel, padding=K // 2)
    loss = F.mse_loss(out, blurred) + 1e-4 * boundaries(kernel)
    loss.backward()
    opt.step()
    if it % 100 == 0:
        print(f"iter {it}  loss {loss.item():.3e}")

with torch.no_grad():
    out = F.conv2d(sharp, kernel, padding=K // 2)
r2 = 1 - ((out - blurred) ** 2).mean() / blurred.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
