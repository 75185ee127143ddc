# Rebuilt from: https://github.com/sajjjadayobi/FaceLib/issues/18
# Report: a user asks about the age/gender multitask head: the net outputs [gender logits (2), race..., age],
#   gender loss = cross_entropy(input[:, :2], target[:, 0].long()), age loss = l1_loss(input[:, -1], target[:, 2]),
#   total = loss_gender / 0.16 + loss_age * 2; the maintainer explains the column layout.
# Not a bug (a look-alike that must stay silent): the age column is taken with input[:, -1] and target[:, 2],
#   both (N,), so L1 compares matching elements; gender logits (N,2) vs class ids (N,) is the normal CE layout.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)


def make_faces(n=1200, d=32):
    rng = np.random.default_rng(5)
    emb = rng.normal(size=(n, d)).astype(np.float32)           # stand-in for normalised face embeddings
    w_g = rng.normal(size=d)
    w_a = rng.normal(size=d)
    gender = (emb @ w_g > 0).astype(np.float32)
    race = rng.integers(0, 5, n).astype(np.float32)
    age = np.clip(35 + 4.0 * (emb @ w_a) + rng.normal(0, 3, n), 1, 90).astype(np.float32)
    target = np.stack([gender, race, age], axis=1)              # columns: gender, race, age
    return torch.from_numpy(emb), torch.from_numpy(target)


class FaceHead(nn.Module):
    def __init__(self, d=32):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.head = nn.Linear(64, 3)          # [logit_male, logit_female, age]

    def forward(self, x):
        return self.head(self.body(x))


def multitask_loss(input, target):
    input_gender = input[:, :2]
    input_age = input[:, -1]
    loss_gender = F.cross_entropy(input_gender, target[:, 0].long())
    loss_age = F.l1_loss(input_age, target[:, 2])
    return loss_gender / 0.16 + loss_age * 2


x, t = make_faces()
model = FaceHead()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for epoch in range(60):
    perm = torch.randperm(len(x))
    for i in range(0, len(x), 64):
        b = perm[i:i + 64]
        opt.zero_grad()
        loss = multitask_loss(model(x[b]), t[b])
        loss.backward()
        opt.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch} loss {loss.item():.3f}")

with torch.no_grad():
    out = model(x)
acc = (out[:, :2].argmax(1) == t[:, 0].long()).float().mean().item()
age_pred, age_true = out[:, -1], t[:, 2]
r2 = 1 - torch.mean((age_pred - age_true) ** 2) / torch.var(age_true, unbiased=False)
print(f"gender acc={acc:.3f}")
print(f"RESULT r2={r2.item():.3f}")
