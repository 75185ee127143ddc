# Rebuilt from: https://github.com/jpata/particleflow/pull/346
# Report: The particle-flow training was run with and without a new option that standardizes the input
#   features (mean/std from a subset of the training events). The validation-loss curves of the runs
#   without standardization were clearly worse than the runs with it, so the option was added.
# Fixed twin of 339_jet_response_raw.py: each feature column is standardized with its training mean/std
#   before it goes into the network.
# Our own code, written after the report (not copied from it); data file jets.npz comes from make_jets.py.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

d = np.load("jets.npz")
feats = np.column_stack([d["pt"], d["eta"], d["phi"], d["mass"], d["energy"], d["n_const"], d["ch_frac"]])
feats = (feats - feats.mean(axis=0)) / feats.std(axis=0)
target = (d["pt"] / d["gen_pt"]).reshape(-1, 1)          # jet response
t_mu, t_sd = target.mean(), target.std()
target = (target - t_mu) / t_sd

X = torch.tensor(feats, dtype=torch.float32)
Y = torch.tensor(target, dtype=torch.float32)


class ResponseNet(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 64)
        self.fc2 = nn.Linear(64, 64)
        self.out = nn.Linear(64, 1)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.out(x)


class Trainer:
    def __init__(self, model, lr=1e-3, batch_size=50):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        self.bs = batch_size

    def fit(self, X, Y, epochs=80):
        n = len(X)
        for ep in range(epochs):
            perm = torch.randperm(n)
            tot = 0.0
            for i in range(0, n, self.bs):
                idx = perm[i:i + self.bs]
                self.opt.zero_grad()
                loss = F.mse_loss(self.model(X[idx]), Y[idx])
                loss.backward()
                self.opt.step()
                tot += loss.item() * len(idx)
            if ep % 20 == 0:
                print(f"epoch {ep:3d}  train mse {tot / n:.4f}")
        return self

    @torch.no_grad()
    def r2(self, X, Y):
        p = self.model(X)
        return (1 - ((p - Y) ** 2).mean() / Y.var(unbiased=False)).item()


trainer = Trainer(ResponseNet(X.shape[1])).fit(X, Y)
print(f"RESULT r2={trainer.r2(X, Y):.3f}")
