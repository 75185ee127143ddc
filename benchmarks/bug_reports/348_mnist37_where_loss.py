# Rebuilt from: https://forums.fast.ai/t/lesson-3-official-topic/96254?page=20
# Report: A student working through fastbook's 04_mnist_basics (3s vs 7s, linear model + mnist_loss with
#   torch.where) asked why train_y/valid_y get `.unsqueeze(1)` and said they rebuilt the training loop
#   "from scratch on a new notebook without adding these extra dimensions".
# Bug (planted: TL001): train_y is built as a flat (N,) label vector (no .unsqueeze(1)); the model emits (B,1),
#   so mnist_loss's torch.where(targets==1, 1-p, p) broadcasts (B,1) against (B,) into a (B,B) matrix.
# Our own code, written after the report (not copied from it); synthetic 28x28 "digit" images made in the script
import torch
from torch.utils.data import DataLoader

torch.set_num_threads(1)
torch.manual_seed(0)

def make_digits(n, kind):
    # crude stand-ins for MNIST 3s and 7s: a stroke template plus pixel noise, values in [0, 1]
    img = torch.zeros(n, 28, 28)
    if kind == 3:
        img[:, 5:8, 8:20] = 1; img[:, 13:15, 10:20] = 1; img[:, 21:24, 8:20] = 1; img[:, 5:24, 18:21] = 1
    else:
        img[:, 5:8, 6:22] = 1
        for r in range(8, 24):
            c = 21 - (r - 8) // 2
            img[:, r, c - 1:c + 2] = 1
    shift = torch.randint(-2, 3, (n,))
    img = torch.stack([torch.roll(im, int(s), dims=1) for im, s in zip(img, shift)])
    img = (img * 0.8 + torch.rand(n, 28, 28) * 0.5).clamp(0, 1)
    return img

threes, sevens = make_digits(600, 3), make_digits(600, 7)
train_x = torch.cat([threes, sevens]).view(-1, 28 * 28)
train_y = torch.tensor([1] * len(threes) + [0] * len(sevens))      # shape (1200,)  <- no unsqueeze
dset = list(zip(train_x, train_y))
dl = DataLoader(dset, batch_size=256, shuffle=True)

def init_params(size, std=1.0):
    return (torch.randn(size) * std).requires_grad_()

weights = init_params((28 * 28, 1), std=0.01)
bias = init_params(1, std=0.01)

def linear1(xb):
    return xb @ weights + bias

def mnist_loss(predictions, targets):
    predictions = predictions.sigmoid()
    return torch.where(targets == 1, 1 - predictions, predictions).mean()

def calc_grad(xb, yb, model):
    preds = model(xb)
    loss = mnist_loss(preds, yb)
    loss.backward()

def train_epoch(model, lr, params):
    for xb, yb in dl:
        calc_grad(xb, yb, model)
        for p in params:
            p.data -= p.grad * lr
            p.grad.zero_()

params = weights, bias
for epoch in range(20):
    train_epoch(linear1, 1.0, params)

with torch.no_grad():
    p = linear1(train_x).sigmoid().view(-1)
    labels = torch.cat([torch.ones(600), torch.zeros(600)])
    acc = ((p > 0.5).float() == labels).float().mean().item()
print(f"RESULT acc={acc:.3f}")
