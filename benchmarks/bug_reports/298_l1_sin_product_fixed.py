# Rebuilt from: https://github.com/pytorch/pytorch/issues/63546
# Report: "loss not descent, while tensorflow do! Do I code in wrong way?" A small ReLU MLP fit to
#   y = sin(x0 * x1) with L1Loss and SGD, batches drawn by a DataLoader over one concatenated
#   [x0, x1, y] tensor; the loss stalls near the mean absolute deviation while the same net in TF trains.
# Fixed twin of 298_l1_sin_product.py: the target is sliced as d[:, 2:] so it keeps shape (B, 1) like the output
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn
from torch.utils.data import dataloader

torch.manual_seed(0)


def test_torch():
    data = torch.randn(2000, 2)
    y = torch.sin(data[:, 0] * data[:, 1]).unsqueeze(1)
    print(y.shape)
    data = torch.cat([data, y], dim=1)

    model = nn.Sequential(
        nn.Linear(2, 32),
        nn.ReLU(),
        nn.Linear(32, 32),
        nn.ReLU(),
        nn.Linear(32, 32),
        nn.ReLU(),
        nn.Linear(32, 1),
    )

    criterion = torch.nn.L1Loss()
    opt = torch.optim.SGD(model.parameters(), 0.05, momentum=0.9)

    dl = dataloader.DataLoader(data, batch_size=100, shuffle=True)
    for epoch in range(40):
        for d in dl:
            pred = model(d[:, :2])
            loss = criterion(pred, d[:, 2:])
            opt.zero_grad()
            loss.backward()
            opt.step()
        if epoch % 10 == 0:
            print("epoch:[{}], loss: {}".format(epoch, loss.item()))

    with torch.no_grad():
        pred = model(data[:, :2])
        target = data[:, 2:]
        r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
    return r2.item()


if __name__ == "__main__":
    r2 = test_torch()
    print(f"RESULT r2={r2:.3f}")
