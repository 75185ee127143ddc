# Rebuilt from: https://github.com/swuxyj/DeepHash-pytorch/issues/23
# Report: A newcomer could not follow how pairwise and triplet terms are formed in the hashing losses; the
#   maintainer explained the unsqueeze trick: `(u.unsqueeze(1) - U.unsqueeze(0)).pow(2).sum(dim=2)` and
#   `theta_positive.unsqueeze(1) - theta_negative.unsqueeze(0)` build all pairs by broadcasting.
# Not a bug (a look-alike that must stay silent): the broadcasts are deliberate outer differences ([B,1,K]-[1,N,K],
#   [P,1]-[1,Q]) that produce pair matrices; every loss term is then reduced over the matrix it was built for.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
BITS, N_CLASS, DIM, N = 16, 4, 20, 400

centers = np.random.randn(N_CLASS, DIM) * 2.0
labels = np.random.randint(0, N_CLASS, N)
feats = (centers[labels] + np.random.randn(N, DIM)).astype(np.float32)
X = torch.from_numpy(feats)
Y = torch.nn.functional.one_hot(torch.from_numpy(labels), N_CLASS).float()

net = nn.Sequential(nn.Linear(DIM, 64), nn.ReLU(), nn.Linear(64, BITS))
optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
config = {"alpha": 0.5, "margin": 2.0 * BITS}
U = torch.zeros(N, BITS)          # memory of codes of the whole training set


def pair_losses(u, y, ind):
    U[ind, :] = u.detach()
    s = (y @ Y.t() > 0)                                           # [B, N] similar / dissimilar
    dist = (u.unsqueeze(1) - U.unsqueeze(0)).pow(2).sum(dim=2)    # [B, N] squared distances
    contrastive = torch.where(s, dist, (config["margin"] - dist).clamp(min=0)).mean()

    inner_product = u @ U.t() * 0.5                               # [B, N]
    loss1, count = 0.0, 0
    for row in range(s.shape[0]):
        if s[row].sum() != 0 and (~s[row]).sum() != 0:
            count += 1
            theta_positive = inner_product[row][s[row]]
            theta_negative = inner_product[row][~s[row]]
            triple = (theta_positive.unsqueeze(1) - theta_negative.unsqueeze(0) - config["alpha"]).clamp(-100, 50)
            loss1 = loss1 + -(triple - torch.log(1 + torch.exp(triple))).mean()
    quant = (u - u.sign()).pow(2).mean()
    return contrastive / BITS + loss1 / max(count, 1) + 0.1 * quant


for epoch in range(10):
    perm = torch.randperm(N)
    for i in range(0, N, 32):
        ind = perm[i:i + 32]
        u = torch.tanh(net(X[ind]))
        loss = pair_losses(u, Y[ind], ind)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    B = torch.sign(net(X))
    ham = 0.5 * (BITS - B @ B.t())
    ham.fill_diagonal_(BITS + 1)                # leave-one-out nearest neighbour in Hamming space
    nn_idx = ham.argmin(1)
    acc = (torch.from_numpy(labels)[nn_idx] == torch.from_numpy(labels)).float().mean().item()
print(f"RESULT acc={acc:.3f}")
