# Rebuilt from: https://github.com/hosseinshn/GradNorm/issues/5
# Report: the GradNorm notebook prints "Using a target size (torch.Size([1])) that is different to the
#   input size (torch.Size([]))" from F.l1_loss, only on the first iteration; the reply explains it comes
#   from G1/G2 (0-d gradient norms) vs C1/C2 (1-element, because Weightloss1/2 are FloatTensor([1])).
# Not a bug (a look-alike that must stay silent): Gradloss(G1, C1) compares a 0-d tensor with a 1-element
#   tensor; broadcasting gives one element with exactly the intended |G1 - C1|, so nothing is mixed up.
#   The task losses themselves get (B, 1) outputs and (B, 1) targets.
# Our own code, written after the report (not copied from it); two synthetic regression tasks.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(42)
rng = np.random.default_rng(42)

N, M = 2000, 20
k, u = rng.normal(size=M), rng.normal(size=M)
w1, w2 = 0.5 * u / np.linalg.norm(u), 0.5 * (0.9 * u / np.linalg.norm(u) + 0.44 * k / np.linalg.norm(k))
X = rng.normal(0, 1, (N, M))
Y1 = X @ w1 + np.sin(X @ w1) + rng.normal(0, 0.01, N)
Y2 = X @ w2 + np.sin(X @ w2) + rng.normal(0, 0.01, N)
X = torch.from_numpy(X).float()
Y1 = torch.from_numpy(Y1).float().view(-1, 1)
Y2 = torch.from_numpy(Y2).float().view(-1, 1)


class MTLnet(nn.Module):
    def __init__(self):
        super().__init__()
        self.sharedlayer = nn.Sequential(nn.Linear(M, 64), nn.ReLU())
        self.tower1 = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))
        self.tower2 = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        h = self.sharedlayer(x)
        return self.tower1(h), self.tower2(h)


Weightloss1 = torch.FloatTensor([1]).requires_grad_()
Weightloss2 = torch.FloatTensor([1]).requires_grad_()
params = [Weightloss1, Weightloss2]
MTL = MTLnet()
opt1 = torch.optim.Adam(MTL.parameters(), lr=1e-3)
opt2 = torch.optim.Adam(params, lr=1e-3)
loss_func = nn.MSELoss()
Gradloss = nn.L1Loss()
alph = 0.16

for it in range(15):
    perm = torch.randperm(N)
    for b in range(0, N, 100):
        idx = perm[b:b + 100]
        out1, out2 = MTL(X[idx])
        l1 = params[0] * loss_func(out1, Y1[idx])
        l2 = params[1] * loss_func(out2, Y2[idx])
        loss = torch.div(l1 + l2, 2)
        if it == 0 and b == 0:
            l01, l02 = l1.data, l2.data
        opt1.zero_grad()
        loss.backward(retain_graph=True)

        shared_w = list(MTL.sharedlayer.parameters())[0]
        G1 = torch.norm(torch.autograd.grad(l1, shared_w, retain_graph=True, create_graph=True)[0], 2)
        G2 = torch.norm(torch.autograd.grad(l2, shared_w, retain_graph=True, create_graph=True)[0], 2)
        G_avg = (G1 + G2) / 2
        lhat1, lhat2 = l1 / l01, l2 / l02
        lhat_avg = (lhat1 + lhat2) / 2
        C1 = (G_avg * (lhat1 / lhat_avg) ** alph).detach()
        C2 = (G_avg * (lhat2 / lhat_avg) ** alph).detach()
        opt2.zero_grad()
        Lgrad = Gradloss(G1, C1) + Gradloss(G2, C2)
        Lgrad.backward()
        opt2.step()
        opt1.step()
        coef = 2 / (Weightloss1 + Weightloss2)
        params = [coef * Weightloss1, coef * Weightloss2]
    print(f"Iter-{it}; MTL loss: {loss.item():.4f}")

with torch.no_grad():
    p1, p2 = MTL(X)
    r2s = [1 - ((p.reshape(-1) - y.reshape(-1)) ** 2).mean() / y.reshape(-1).var(unbiased=False)
           for p, y in ((p1, Y1), (p2, Y2))]
print(f"RESULT r2={(sum(r2s) / 2).item():.3f}")
