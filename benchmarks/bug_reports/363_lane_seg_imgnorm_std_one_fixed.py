# Rebuilt from: https://github.com/ZJULearning/resa/issues/7
# Report: (Chinese) "关于数据归一化问题" - the user plugged the RESA lane-segmentation pipeline into another network
#   and training turned into nan shortly after it started. The pipeline only subtracts the ImageNet mean
#   (img_norm std=[1,1,1]), so pixels stay at roughly -125..+150. Their closing comment: after normalizing the
#   input ("把输入归一化后") the nan no longer appeared.
# Fixed twin of 363_lane_seg_imgnorm_std_one.py: img_norm std set to the ImageNet pixel std
#   ([57.375, 57.12, 58.395] in BGR), so GroupNormalize standardizes the pixels instead of only centring them.
# Our own code, written after the report (not copied from it)
import math
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

# ----------------------------------------------------------------- config (configs/xxx.py style)
img_norm = dict(
    mean=[103.939, 116.779, 123.68],
    std=[57.375, 57.12, 58.395]
)

img_height = 40
img_width = 80
cut_height = 8
bg_weight = 0.4
num_classes = 1 + 1

optimizer_cfg = dict(type='sgd', lr=0.020, weight_decay=1e-4, momentum=0.9)
total_iter = 200
scheduler_cfg = dict(type='LambdaLR', lr_lambda=lambda _iter: math.pow(1 - _iter / total_iter, 0.9))

batch_size = 8
epochs = 8
log_interval = 25


# ----------------------------------------------------------------- transforms (utils/transforms.py style)
class Compose(object):
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, sample):
        for t in self.transforms:
            sample = t(sample)
        return sample


class GroupRandomHorizontalFlip(object):
    def __call__(self, sample):
        img, label = sample
        if np.random.rand() < 0.5:
            img = img[:, ::-1, :].copy()
            label = label[:, ::-1].copy()
        return img, label


class GroupNormalize(object):
    def __init__(self, mean, std):
        self.mean = mean
        self.std = std

    def __call__(self, sample):
        img, label = sample
        img = img.astype(np.float32)
        img = (img - np.array(self.mean[0], dtype=np.float32)) / np.array(self.std[0], dtype=np.float32)
        return img, label


# ----------------------------------------------------------------- dataset (datasets/base_dataset.py style)
def draw_fake_frame(rng, h, w):
    """A BGR road frame (uint8 range) with 1-2 bright slanted lane markings, plus its lane mask."""
    road = rng.uniform(80, 130)
    img = np.empty((h, w, 3), dtype=np.float32)
    img[:] = road + rng.normal(0, 12, size=(h, w, 1))
    img[: h // 4] += rng.uniform(40, 90)              # sky / far field
    label = np.zeros((h, w), dtype=np.int64)
    ys = np.arange(h)
    for _ in range(rng.integers(1, 3)):
        x0 = rng.uniform(0.15 * w, 0.85 * w)
        slope = rng.uniform(-0.9, 0.9)
        for y in ys[h // 4:]:
            xc = int(x0 + slope * (y - h))
            for dx in (-1, 0, 1):
                x = xc + dx
                if 0 <= x < w:
                    img[y, x] = rng.uniform(205, 250, size=3)
                    label[y, x] = 1
    img = np.clip(img, 0, 255)
    return img, label


class FakeLaneDataset(Dataset):
    def __init__(self, data_list, n_items, seed, cfg=None):
        self.cfg = cfg
        self.data_list = data_list
        self.is_testing = ('test' in data_list)
        self.n_items = n_items
        self.seed = seed
        self.img = []
        self.img_list = []
        self.label_list = []
        self.exist_list = []
        self.transform = self.transform_val() if self.is_testing else self.transform_train()
        self.init()

    def transform_train(self):
        return Compose([
            GroupRandomHorizontalFlip(),
            GroupNormalize(mean=(img_norm['mean'], (0, )), std=(img_norm['std'], (1, ))),
        ])

    def transform_val(self):
        return Compose([
            GroupNormalize(mean=(img_norm['mean'], (0, )), std=(img_norm['std'], (1, ))),
        ])

    def init(self):
        rng = np.random.default_rng(self.seed)
        for i in range(self.n_items):
            frame, mask = draw_fake_frame(rng, img_height + cut_height, img_width)
            self.img.append('frame_%04d.jpg' % i)
            self.img_list.append(frame)
            self.label_list.append(mask)
            self.exist_list.append(np.array([int(mask.any())]))

    def __len__(self):
        return len(self.img_list)

    def __getitem__(self, idx):
        img = self.img_list[idx].astype(np.float32)
        label = self.label_list[idx]
        img = img[cut_height:, :, :]
        label = label[cut_height:, :]
        exist = self.exist_list[idx]
        if self.transform:
            img, label = self.transform((img, label))
        img = torch.from_numpy(img).permute(2, 0, 1).contiguous().float()
        label = torch.from_numpy(label).contiguous().long()
        meta = {'file_name': self.img[idx]}
        return {'img': img, 'label': label, 'exist': exist, 'meta': meta}


# ----------------------------------------------------------------- the user's own net: small encoder + RESA-style
# ----------------------------------------------------------------- recurrent feature shifting
resa_cfg = dict(alpha=2.0, iter=2, input_channel=32, conv_stride=5)


class RESA(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.iter = cfg['iter']
        self.alpha = cfg['alpha']
        chan = cfg['input_channel']
        k = cfg['conv_stride']
        self.conv_d = nn.ModuleList([nn.Conv2d(chan, chan, (1, k), padding=(0, k // 2), bias=False) for _ in range(self.iter)])
        self.conv_u = nn.ModuleList([nn.Conv2d(chan, chan, (1, k), padding=(0, k // 2), bias=False) for _ in range(self.iter)])
        self.conv_r = nn.ModuleList([nn.Conv2d(chan, chan, (k, 1), padding=(k // 2, 0), bias=False) for _ in range(self.iter)])
        self.conv_l = nn.ModuleList([nn.Conv2d(chan, chan, (k, 1), padding=(k // 2, 0), bias=False) for _ in range(self.iter)])

    def forward(self, x):
        h, w = x.shape[-2:]
        for i in range(self.iter):
            step_h = max(h // 2 ** (self.iter - i), 1)
            x = x + self.alpha * F.relu(self.conv_d[i](torch.roll(x, step_h, dims=2)))
            x = x + self.alpha * F.relu(self.conv_u[i](torch.roll(x, -step_h, dims=2)))
        for i in range(self.iter):
            step_w = max(w // 2 ** (self.iter - i), 1)
            x = x + self.alpha * F.relu(self.conv_r[i](torch.roll(x, step_w, dims=3)))
            x = x + self.alpha * F.relu(self.conv_l[i](torch.roll(x, -step_w, dims=3)))
        return x


class TinyLaneNet(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.enc1 = nn.Conv2d(3, 16, 3, padding=1)
        self.enc2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.resa = RESA(resa_cfg)
        self.dec = nn.Conv2d(32 + 16, 16, 3, padding=1)
        self.head = nn.Conv2d(16, num_classes, 1)

    def forward(self, batch):
        f1 = F.relu(self.enc1(batch))
        f2 = F.relu(self.enc2(f1))
        f3 = self.resa(f2)
        up = F.interpolate(f3, size=f1.shape[-2:], mode='bilinear', align_corners=False)
        x = F.relu(self.dec(torch.cat([up, f1], dim=1)))
        return {'seg': self.head(x)}


# ----------------------------------------------------------------- runner (runner/resa_trainer.py style)
class Trainer(object):
    def __init__(self, net):
        self.net = net
        weights = torch.ones(num_classes)
        weights[0] = bg_weight
        self.criterion = nn.CrossEntropyLoss(weight=weights)

    def forward(self, batch):
        output = self.net(batch['img'])
        loss = self.criterion(output['seg'], batch['label'])
        return {'loss': loss, 'loss_stats': {'seg_loss': loss.detach()}}


def build_optimizer(net):
    return torch.optim.SGD(net.parameters(), lr=optimizer_cfg['lr'],
                           weight_decay=optimizer_cfg['weight_decay'], momentum=optimizer_cfg['momentum'])


def validate(net, loader):
    net.eval()
    hit = np.zeros(num_classes)
    cnt = np.zeros(num_classes)
    with torch.no_grad():
        for data in loader:
            pred = net(data['img'])['seg'].argmax(dim=1)
            for c in range(num_classes):
                m = data['label'] == c
                hit[c] += (pred[m] == c).sum().item()
                cnt[c] += m.sum().item()
    return float(np.mean(hit / np.maximum(cnt, 1)))


def main():
    train_set = FakeLaneDataset('train_gt.txt', 240, seed=1)
    test_set = FakeLaneDataset('test_gt.txt', 80, seed=2)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True, drop_last=True)
    test_loader = DataLoader(test_set, batch_size=batch_size, shuffle=False)

    net = TinyLaneNet(num_classes)
    trainer = Trainer(net)
    optimizer = build_optimizer(net)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, scheduler_cfg['lr_lambda'])

    it = 0
    for epoch in range(epochs):
        net.train()
        for i, data in enumerate(train_loader):
            if it >= total_iter:
                break
            output = trainer.forward(data)
            optimizer.zero_grad()
            loss = output['loss']
            loss.backward()
            optimizer.step()
            scheduler.step()
            it += 1
            if it % log_interval == 0:
                print('epoch %d iter %d seg_loss %.4f lr %.5f' % (
                    epoch, it, output['loss_stats']['seg_loss'].item(), optimizer.param_groups[0]['lr']))

    acc = validate(net, test_loader)
    print('RESULT acc=%.4f' % acc)


if __name__ == '__main__':
    main()
