# Rebuilt from: https://github.com/dbolya/yolact/issues/303
# Report: Training a multi-loss detector (box B, class C, mask M, semantic S, mask-IoU I, summed to T) warns
#   "Using a target size (torch.Size([1])) that is different to the input size (torch.Size([]))" at the mask-IoU
#   smooth_l1_loss: maskiou_p is a squeezed 0-d tensor, maskiou_t is [1]. The maintainer: it shouldn't affect training.
# Not a bug (a look-alike that must stay silent): with a single instance per image the 0-d prediction and the
#   one-element target broadcast to one element, so the summed smooth-L1 value and its gradient are exactly the
#   per-instance ones; box and mask-IoU heads still train normally.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)


def make_images(n=300, size=12):
    rng = np.random.default_rng(7)
    imgs = np.zeros((n, 1, size, size), dtype=np.float32)
    boxes = np.zeros((n, 4), dtype=np.float32)
    ious = np.zeros(n, dtype=np.float32)
    for i in range(n):
        x0, y0 = rng.integers(0, 6, 2)
        w, h = rng.integers(3, 6, 2)
        imgs[i, 0, y0:y0 + h, x0:x0 + w] = 1.0
        imgs[i, 0] += rng.normal(0, 0.3 * (i % 3) / 2, (size, size))
        boxes[i] = [x0, y0, x0 + w, y0 + h]
        ious[i] = 1.0 - 0.3 * (i % 3) / 2
    return imgs, boxes / size, ious


class TinyDetector(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Flatten(), nn.Linear(144, 64), nn.ReLU())
        self.box_head = nn.Linear(64, 4)
        self.maskiou_head = nn.Linear(64, 1)

    def forward(self, x):
        f = self.backbone(x)
        return self.box_head(f), self.maskiou_head(f)


imgs, boxes, ious = make_images()
model = TinyDetector()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)

for epoch in range(6):
    for i in np.random.default_rng(epoch).permutation(len(imgs)):
        x = torch.from_numpy(imgs[i:i + 1])
        box_t = torch.from_numpy(boxes[i:i + 1])
        maskiou_t = torch.from_numpy(ious[i:i + 1])  # shape [1]
        box_p, iou_p = model(x)
        maskiou_p = iou_p.squeeze()  # 0-d
        loss_b = F.smooth_l1_loss(box_p, box_t, reduction="sum")
        loss_i = F.smooth_l1_loss(maskiou_p, maskiou_t, reduction="sum")
        loss = loss_b + loss_i
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"epoch {epoch} B {loss_b.item():.4f} I {loss_i.item():.4f}")

with torch.no_grad():
    box_p, iou_p = model(torch.from_numpy(imgs))
    P = torch.cat([box_p, iou_p], 1)
    Y = torch.cat([torch.from_numpy(boxes), torch.from_numpy(ious)[:, None]], 1)
    r2 = 1 - ((P - Y) ** 2).mean() / ((Y - Y.mean(0)) ** 2).mean()
print(f"RESULT r2={r2.item():.3f}")
