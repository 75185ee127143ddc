# Rebuilt from: https://github.com/asapdiscovery/asapdiscovery/pull/168
# Report: per-compound training loop (one sample per step) builds the target as [[pIC50]] (shape (1, 1))
#   while the model returns shape (1,); torch prints the "target size ... different to the input size"
#   broadcasting warning. The PR reshapes pred to target.shape "to avoid the broadcasting warnings".
# Not a bug (a look-alike that must stay silent): with exactly one sample per step, (1,) against (1, 1)
#   broadcasts to a single element, so the loss and gradients equal the correctly shaped ones.
# Our own code, written after the report (not copied from it); descriptor-like data generated below.
import warnings
import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(3)
rng = np.random.default_rng(3)
warnings.simplefilter("once")

n, d = 300, 8
desc = rng.normal(size=(n, d)).astype(np.float32)
w = rng.normal(size=d)
pic50 = (6.0 + 0.5 * desc @ w + 0.3 * np.tanh(desc[:, 0] * desc[:, 1]) + rng.normal(0, 0.1, n)).astype(np.float32)
target_dict = {f"CPD-{i:04d}": {"pIC50": float(pic50[i])} for i in range(n)}
poses = {f"CPD-{i:04d}": torch.from_numpy(desc[i]) for i in range(n)}


class AffinityNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, pose):
        return self.net(pose)          # pose is (d,), so this is shape (1,)


def train(model, ids, n_epochs=15):
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = nn.MSELoss()
    for epoch in range(n_epochs):
        losses = []
        for compound_id in rng.permutation(ids):
            target = torch.tensor([[target_dict[compound_id]["pIC50"]]]).float()   # (1, 1)
            pred = model(poses[compound_id])                                         # (1,)
            loss = loss_fn(pred, target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        print(f"epoch {epoch}: mean loss {np.mean(losses):.4f}")


model = AffinityNet()
train(model, list(target_dict))
with torch.no_grad():
    pred = model.net(torch.from_numpy(desc)).squeeze(1)
yt = torch.from_numpy(pic50)
r2 = 1 - ((pred - yt) ** 2).mean() / yt.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
