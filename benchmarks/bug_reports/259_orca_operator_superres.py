# Rebuilt from: https://github.com/intel/BigDL/pull/3033
# Report: While porting a super-resolution example to the Orca PyTorch estimator, the author found that the
#   target size does not match the size of the output when the criterion is computed (train_batch/validate_batch):
#   the operator squeezes every trailing size-1 dim of the target before calling the loss.
# Bug (planted: TL001): TrainingOperator squeezes target (B,1,16,16) -> (B,16,16) BEFORE criterion(output, target);
#   MSELoss broadcasts (B,1,16,16) against (B,16,16) to (B,B,16,16), so each output is fit to every image in the batch.
# Our own code, written after the report (not copied from it); synthetic blob images generated in the script.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)


def make_images(n=256, size=16):
    yy, xx = np.mgrid[0:size, 0:size]
    imgs = np.zeros((n, 1, size, size), dtype=np.float32)
    for i in range(n):
        for _ in range(3):
            cx, cy = np.random.uniform(2, size - 2, 2)
            s = np.random.uniform(1.5, 3.5)
            imgs[i, 0] += np.random.uniform(0.3, 1.0) * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * s * s))
    hr = torch.from_numpy(imgs)
    lr = F.avg_pool2d(hr, 2)
    return lr, hr


class SuperResolutionNet(nn.Module):
    def __init__(self, upscale_factor=2):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1)
        self.conv3 = nn.Conv2d(16, upscale_factor ** 2, 3, padding=1)
        self.pixel_shuffle = nn.PixelShuffle(upscale_factor)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.relu(self.conv2(x))
        return self.pixel_shuffle(self.conv3(x))


class TrainingOperator:
    def __init__(self, model, optimizer, criterion):
        self.model, self.optimizer, self.criterion = model, optimizer, criterion

    def train_batch(self, batch, batch_info):
        # unpack features into list to support multiple inputs model
        *features, target = batch
        if len(target.size()) > 1:
            # Can't directly call torch.squeeze() in case batch size is 1.
            for i in reversed(range(1, len(target.size()))):
                target = torch.squeeze(target, i)
        output = self.model(*features)
        loss = self.criterion(output, target)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return {"train_loss": loss.item(), "num_samples": target.size(0)}

    def train_epoch(self, loader, epoch):
        stats = [self.train_batch(b, {"batch_idx": i, "epoch": epoch}) for i, b in enumerate(loader)]
        n = sum(s["num_samples"] for s in stats)
        return sum(s["train_loss"] * s["num_samples"] for s in stats) / n

    def validate(self, lr, hr):
        self.model.eval()
        with torch.no_grad():
            out = self.model(lr)
        self.model.train()
        return out


lr_imgs, hr_imgs = make_images()
loader = DataLoader(TensorDataset(lr_imgs, hr_imgs), batch_size=16, shuffle=True)
model = SuperResolutionNet()
operator = TrainingOperator(model, torch.optim.Adam(model.parameters(), lr=2e-3), nn.MSELoss())
for epoch in range(8):
    loss = operator.train_epoch(loader, epoch)
    if epoch % 4 == 0:
        print(f"epoch {epoch} train_loss {loss:.5f}")

pred = operator.validate(lr_imgs, hr_imgs)
r2 = 1 - ((pred - hr_imgs) ** 2).mean().item() / hr_imgs.var().item()
print(f"RESULT r2={r2:.3f}")
